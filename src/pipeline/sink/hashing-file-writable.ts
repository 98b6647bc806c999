import { open, type FileHandle } from 'node:fs/promises'
import { Writable } from 'node:stream'
import { RivetError } from '../../errors/index.js'
import { ContentHasher } from '../../manifest/hashing.js'
import type { Digest, HashSession } from './hash-session.js'
import { openHashSession } from './hash-thread.js'

/** Written bytes between background data syncs, so the final fsync has little left to flush. */
const SYNC_EVERY_BYTES = 32 * 1024 * 1024

/** `RIVET_HASH_WORKER=0` fingerprints on the main thread instead of the hash thread. */
export const HASH_WORKER_ENV = 'RIVET_HASH_WORKER'

/** A temp part's fingerprints: `digest()` is valid once the stream has finished. */
export interface PartHasher {
  readonly bytes: number
  digest(): Digest
}

/** Where a part's bytes are fingerprinted: `take` returns a promise when the caller must wait. */
interface Fingerprinter {
  readonly hasher: PartHasher
  take(chunks: readonly Uint8Array[]): Promise<void> | undefined
  finish(): Promise<void>
  drop(reason: Error): void
}

/**
 * A Writable onto a temp file that fingerprints every byte as it passes (XXH3 + MD5) and
 * fsyncs on end, so `commit()` can rename a file that is complete on disk (H01). The hashing
 * runs on a worker thread (the main thread only copies the bytes), overlapping the file writes;
 * the stream finishes only once the fingerprints are known.
 */
export async function openHashingFile(path: string): Promise<{ stream: Writable; hasher: PartHasher }> {
  const fingerprinter = process.env[HASH_WORKER_ENV] === '0' ? await inlineFingerprinter() : threadFingerprinter()
  let fh: FileHandle
  try {
    fh = await open(path, 'w')
  } catch (err) {
    fingerprinter.drop(err as Error)
    throw err
  }
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
  /** Calls `cb` once `io` and `hashing` settle, counting `bytes` as written on success. */
  const afterWrite = (io: Promise<unknown>, hashing: Promise<void> | undefined, bytes: number, cb: (err?: Error) => void): void => {
    both(io, hashing).then(
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
      const hashing = fingerprinter.take([chunk])
      afterWrite(fh.write(chunk), hashing, chunk.length, cb)
    },
    writev(chunks, cb) {
      const bufs = chunks.map((c) => c.chunk as Buffer)
      const hashing = fingerprinter.take(bufs)
      afterWrite(fh.writev(bufs), hashing, bufs.reduce((n, b) => n + b.length, 0), cb)
    },
    final(cb) {
      both(
        settleSync().then(() => fh.sync()),
        fingerprinter.finish(),
      )
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
      fingerprinter.drop(err ?? new RivetError('RIVET_INTERNAL', 'the temp part was closed before it was finished'))
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
  return { stream, hasher: fingerprinter.hasher }
}

/** Settles once both settle; rejects with the first failure (so nothing is left running). */
async function both(a: Promise<unknown>, b: Promise<unknown> | undefined): Promise<void> {
  if (b === undefined) {
    await a
    return
  }
  const [ra, rb] = await Promise.allSettled([a, b])
  if (ra.status === 'rejected') throw ra.reason
  if (rb.status === 'rejected') throw rb.reason
}

/** Today's path, `RIVET_HASH_WORKER=0`: every chunk is hashed on the main thread as it is written. */
async function inlineFingerprinter(): Promise<Fingerprinter> {
  const hasher = await ContentHasher.create()
  return {
    hasher,
    take: (chunks) => {
      for (const chunk of chunks) hasher.update(chunk)
      return undefined
    },
    finish: () => Promise.resolve(),
    drop: () => undefined, // nothing runs in the background
  }
}

function threadFingerprinter(): Fingerprinter {
  const s = startSession()
  let digest: Digest | undefined
  return {
    hasher: {
      get bytes() {
        return s.bytes
      },
      digest: () => {
        if (digest === undefined) throw new RivetError('RIVET_INTERNAL', 'a temp part was fingerprinted before its stream finished')
        return digest
      },
    },
    take: (chunks) => s.write(chunks),
    finish: async () => {
      digest = await s.finish()
    },
    drop: (reason) => {
      s.drop(reason)
    },
  }
}

function startSession(): HashSession {
  try {
    return openHashSession()
  } catch (err) {
    throw new RivetError('RIVET_DEST_WRITE', 'could not start the fingerprinting thread', {
      hint: 'set RIVET_HASH_WORKER=0 to fingerprint on the main thread',
      cause: err,
    })
  }
}
