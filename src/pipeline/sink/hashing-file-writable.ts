import { open, type FileHandle } from 'node:fs/promises'
import { Writable } from 'node:stream'
import { ContentHasher } from '../../manifest/hashing.js'

/** Written bytes between background data syncs, so the final fsync has little left to flush. */
const SYNC_EVERY_BYTES = 32 * 1024 * 1024

/**
 * A Writable onto a temp file that fingerprints every byte as it passes (XXH3 + MD5) and
 * fsyncs on end, so `commit()` can rename a file that is complete on disk (H01).
 */
export async function openHashingFile(path: string): Promise<{ stream: Writable; hasher: ContentHasher }> {
  const hasher = await ContentHasher.create()
  const fh: FileHandle = await open(path, 'w')
  let closed = false
  // Progressive durability: a datasync runs in the background every SYNC_EVERY_BYTES, so the
  // kernel writes the file back while rivet keeps reading instead of all at the end.
  let unsynced = 0
  let syncing: Promise<void> | undefined
  let syncError: Error | undefined = undefined
  const written = (n: number): void => {
    unsynced += n
    if (unsynced < SYNC_EVERY_BYTES || syncing !== undefined) return
    unsynced = 0
    syncing = fh.datasync().then(
      () => {
        syncing = undefined
      },
      (err: unknown) => {
        syncError ??= err instanceof Error ? err : new Error(String(err))
        syncing = undefined
      },
    )
  }
  const settleSync = async (): Promise<void> => {
    await syncing
    if (syncError !== undefined) throw syncError
  }
  /** Calls `cb` once `io` settles, counting `bytes` as written on success. */
  const afterWrite = (io: Promise<unknown>, bytes: number, cb: (err?: Error) => void): void => {
    io.then(
      () => {
        written(bytes)
        cb()
      },
      (err: unknown) => {
        cb(err as Error)
      },
    )
  }
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    await fh.close()
  }
  const stream = new Writable({
    highWaterMark: 256 * 1024,
    write(chunk: Buffer, _enc, cb) {
      hasher.update(chunk)
      afterWrite(fh.write(chunk), chunk.length, cb)
    },
    writev(chunks, cb) {
      const bufs = chunks.map((c) => c.chunk as Buffer)
      for (const b of bufs) hasher.update(b)
      afterWrite(fh.writev(bufs), bufs.reduce((n, b) => n + b.length, 0), cb)
    },
    final(cb) {
      settleSync()
        .then(() => fh.sync())
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
      // a background sync may still hold the handle; its outcome no longer matters
      Promise.resolve(syncing)
        .then(close)
        .then(
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
