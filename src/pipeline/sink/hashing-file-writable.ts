import { open, type FileHandle } from 'node:fs/promises'
import { Writable } from 'node:stream'
import { ContentHasher } from '../../manifest/hashing.js'

/**
 * A Writable onto a temp file that fingerprints every byte as it passes (XXH3 + MD5) and
 * fsyncs on end, so `commit()` can rename a file that is complete on disk (H01).
 */
export async function openHashingFile(path: string): Promise<{ stream: Writable; hasher: ContentHasher }> {
  const hasher = await ContentHasher.create()
  const fh: FileHandle = await open(path, 'w')
  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    await fh.close()
  }
  const stream = new Writable({
    highWaterMark: 256 * 1024,
    write(chunk: Buffer, _enc, cb) {
      hasher.update(chunk)
      fh.write(chunk).then(
        () => {
          cb()
        },
        (err: unknown) => {
          cb(err as Error)
        },
      )
    },
    writev(chunks, cb) {
      const bufs = chunks.map((c) => c.chunk as Buffer)
      for (const b of bufs) hasher.update(b)
      fh.writev(bufs).then(
        () => {
          cb()
        },
        (err: unknown) => {
          cb(err as Error)
        },
      )
    },
    final(cb) {
      fh.sync()
        .then(close)
        .then(
          () => {
            cb()
          },
          (err: unknown) => {
            cb(err as Error)
          },
        )
    },
    destroy(err, cb) {
      close().then(
        () => {
          cb(err)
        },
        (closeErr: unknown) => {
          cb(err ?? (closeErr as Error))
        },
      )
    },
  })
  return { stream, hasher }
}
