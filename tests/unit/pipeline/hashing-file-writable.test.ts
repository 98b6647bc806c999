import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { Worker } from 'node:worker_threads'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { RivetError } from '../../../src/errors/index.js'
import { ContentHasher } from '../../../src/manifest/hashing.js'
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

/** A deterministic PRNG (mulberry32), so a failing chunk sequence can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Random chunk sizes: empty, tiny, medium and multi-MiB chunks, `total` bytes or a little more. */
function chunkSizes(rand: () => number, total: number): number[] {
  const sizes: number[] = []
  let sum = 0
  while (sum < total) {
    const r = rand()
    const size = r < 0.1 ? 0 : r < 0.4 ? Math.floor(rand() * 100) : r < 0.9 ? Math.floor(rand() * 128 * 1024) : Math.floor(rand() * 3 * 1024 * 1024)
    sizes.push(size)
    sum += size
  }
  return sizes
}

async function waitDrain(stream: Writable): Promise<void> {
  await new Promise((r) => stream.once('drain', r))
}

/**
 * Writes `sizes` through a hashing file: plain writes, and every few chunks a corked group
 * (one `writev`). The producer reuses one scratch buffer after each write callback, as a
 * pooled producer would: the fingerprints must cover the bytes as they were when written.
 */
async function writeAndCompare(path: string, seed: number, sizes: number[]): Promise<void> {
  const rand = prng(seed)
  const { stream, hasher } = await openHashingFile(path)
  const expected = await ContentHasher.create()
  const md5 = createHash('md5')
  for (let i = 0; i < sizes.length; ) {
    const group = rand() < 0.3 ? Math.min(1 + Math.floor(rand() * 5), sizes.length - i) : 1
    if (group > 1) stream.cork()
    const pending: Promise<void>[] = []
    for (let g = 0; g < group; g++, i++) {
      const chunk = randomBytes(sizes[i] ?? 0)
      expected.update(chunk)
      md5.update(chunk)
      pending.push(
        new Promise<void>((resolve, reject) => {
          stream.write(chunk, (err) => {
            if (err) reject(err)
            else resolve()
            chunk.fill(0xee) // the producer reuses its buffer once the write is done
          })
        }),
      )
    }
    if (group > 1) stream.uncork()
    if (stream.writableNeedDrain) await waitDrain(stream)
    if (rand() < 0.2) await Promise.all(pending)
  }
  stream.end()
  await finished(stream)
  const want = expected.digest()
  expect(hasher.digest()).toEqual(want)
  expect(hasher.bytes).toBe(expected.bytes)
  expect(hasher.bytes).toBe(sizes.reduce((a, b) => a + b, 0))
  expect(want.md5Base64).toBe(md5.digest('base64'))
  expect((await readFile(path)).length).toBe(hasher.bytes)
}

describe.each([
  ['on the hash thread', undefined],
  ['inline (RIVET_HASH_WORKER=0)', '0'],
])('openHashingFile fingerprints %s', (_name, env) => {
  beforeEach(() => {
    if (env !== undefined) vi.stubEnv('RIVET_HASH_WORKER', env)
  })
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('an empty file, empty chunks and single chunks like ContentHasher', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rivet-hf-'))
    await writeAndCompare(join(dir, 'empty'), 1, [])
    await writeAndCompare(join(dir, 'zero-chunks'), 2, [0, 0])
    await writeAndCompare(join(dir, 'one'), 3, [12345])
    await writeAndCompare(join(dir, 'one-big'), 4, [5 * 1024 * 1024 + 7])
    await writeAndCompare(join(dir, 'one-huge'), 5, [20 * 1024 * 1024 + 3]) // waits for the backlog to drain mid-chunk
  })

  it('random chunk sizes, corked writev groups and > 8 MiB in total like ContentHasher', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rivet-hf-'))
    for (const seed of [11, 12, 13]) {
      const rand = prng(seed)
      await writeAndCompare(join(dir, `part-${seed}`), seed * 7, chunkSizes(rand, 12 * 1024 * 1024))
    }
  })

  it('several parts open at once get their own fingerprints', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rivet-hf-'))
    const d = dir
    await Promise.all([21, 22, 23, 24].map((seed) => writeAndCompare(join(d, `p-${seed}`), seed, chunkSizes(prng(seed), 6 * 1024 * 1024))))
  })

  it('a destroyed stream settles and a later part still works', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rivet-hf-'))
    const { stream } = await openHashingFile(join(dir, 'gone'))
    for (let i = 0; i < 24; i++) stream.write(Buffer.alloc(1024 * 1024, i)) // past the 8 MiB backlog
    stream.destroy()
    const err = await finished(stream).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(Error)
    await writeAndCompare(join(dir, 'after'), 5, [1000, 2 * 1024 * 1024])
  })
})

describe('openHashingFile on the hash thread', () => {
  it('has no fingerprint before the stream finished', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rivet-hf-'))
    const { stream, hasher } = await openHashingFile(join(dir, 'part'))
    stream.write(Buffer.from('abc'))
    expect(hasher.bytes).toBe(3)
    expect(() => hasher.digest()).toThrow(RivetError)
    stream.end()
    await finished(stream)
    const want = await ContentHasher.create()
    want.update(Buffer.from('abc'))
    expect(hasher.digest()).toEqual(want.digest())
  })

  it('fails the stream when the hash thread dies, and starts a new thread for the next part', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rivet-hf-'))
    const posted = vi.spyOn(Worker.prototype, 'postMessage')
    try {
      const { stream } = await openHashingFile(join(dir, 'part'))
      stream.write(Buffer.alloc(2 * 1024 * 1024, 1)) // posts two stages to the thread
      const thread = posted.mock.contexts[0] as Worker
      await thread.terminate()
      stream.end()
      const err = await finished(stream).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(RivetError)
      expect((err as RivetError).code).toBe('RIVET_DEST_WRITE')
    } finally {
      posted.mockRestore()
    }
    await writeAndCompare(join(dir, 'next'), 6, [3 * 1024 * 1024])
  })
})
