import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { openHashingFile } from '../../../src/pipeline/sink/hashing-file-writable.js'

let dir: string | undefined
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

describe('openHashingFile', () => {
  it('writes and fingerprints every byte across background syncs (70 MiB in 1 MiB chunks)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rivet-hf-'))
    const path = join(dir, 'part')
    const { stream, hasher } = await openHashingFile(path)
    const md5 = createHash('md5')
    for (let i = 0; i < 70; i++) {
      const chunk = Buffer.alloc(1024 * 1024, i)
      md5.update(chunk)
      if (!stream.write(chunk)) await new Promise((r) => stream.once('drain', r))
    }
    stream.end()
    await finished(stream)
    expect(hasher.bytes).toBe(70 * 1024 * 1024)
    expect(hasher.digest().md5Base64).toBe(md5.digest('base64'))
    const onDisk = await readFile(path)
    expect(onDisk.length).toBe(70 * 1024 * 1024)
    expect(onDisk[69 * 1024 * 1024]).toBe(69)
  })

  it('destroy while a background sync may be running closes cleanly', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rivet-hf-'))
    const { stream } = await openHashingFile(join(dir, 'part'))
    for (let i = 0; i < 40; i++) stream.write(Buffer.alloc(1024 * 1024, 1))
    await new Promise((r) => setTimeout(r, 20))
    stream.destroy(new Error('abandoned'))
    const err = await finished(stream).then(() => undefined, (e: unknown) => e)
    expect((err as Error).message).toBe('abandoned')
  })
})
