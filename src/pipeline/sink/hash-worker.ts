import type { Hash } from 'node:crypto'
import type { IHasher } from 'hash-wasm'

/**
 * Main thread → hash thread, per session `id`. `data` transfers `buf`; its first `len` bytes
 * are the session's next bytes. `digest` ends the session; `drop` abandons it.
 */
export type ToHasher =
  | { readonly kind: 'data'; readonly id: number; readonly buf: ArrayBuffer; readonly len: number }
  | { readonly kind: 'digest'; readonly id: number }
  | { readonly kind: 'drop'; readonly id: number }

/**
 * Hash thread → main thread. Every `data` gets exactly one `ack` (its buffer handed back), even
 * after a failure; a session that failed gets one `failed` and no `digest`.
 */
export type FromHasher =
  | { readonly kind: 'ack'; readonly id: number; readonly buf: ArrayBuffer; readonly len: number }
  | { readonly kind: 'digest'; readonly id: number; readonly fingerprint: string; readonly md5Base64: string }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string; readonly stack: string | undefined }

/** The part of a worker_threads `MessagePort` the hash thread uses (its `parentPort`). */
export interface HasherPort {
  on(event: 'message', listener: (msg: ToHasher) => void): void
  postMessage(msg: FromHasher, transfer?: readonly ArrayBuffer[]): void
}

/**
 * Fingerprints any number of interleaved sessions exactly as `ContentHasher` does (XXH3-64 as
 * `xxh3:<16 hex>` and base64 MD5), each session's messages in the order they were posted.
 *
 * The hash thread evaluates this function's source text (`runHashWorker.toString()`), so it
 * must not use imports or any binding outside its body: everything comes in as parameters.
 */
export function runHashWorker(port: HasherPort, createXXHash3: () => Promise<IHasher>, createMd5: () => Hash): void {
  interface Session {
    xxh: IHasher | undefined
    readonly md5: Hash
    failed: boolean
    chain: Promise<void>
  }
  const sessions = new Map<number, Session>()

  const fail = (id: number, session: Session, err: unknown): void => {
    if (session.failed) return
    session.failed = true
    const e = err instanceof Error ? err : new Error(String(err))
    port.postMessage({ kind: 'failed', id, message: e.message, stack: e.stack })
  }

  const open = (id: number): Session => {
    const session: Session = { xxh: undefined, md5: createMd5(), failed: false, chain: Promise.resolve() }
    // hash-wasm instantiates its wasm asynchronously; the session's messages queue behind it
    session.chain = createXXHash3().then(
      (xxh) => {
        xxh.init()
        session.xxh = xxh
      },
      (err: unknown) => {
        fail(id, session, err)
      },
    )
    sessions.set(id, session)
    return session
  }

  const handle = (session: Session, msg: ToHasher): void => {
    if (msg.kind === 'data') {
      if (!session.failed && session.xxh !== undefined) {
        try {
          const bytes = new Uint8Array(msg.buf, 0, msg.len)
          session.xxh.update(bytes)
          session.md5.update(bytes)
        } catch (err) {
          fail(msg.id, session, err)
        }
      }
      port.postMessage({ kind: 'ack', id: msg.id, buf: msg.buf, len: msg.len }, [msg.buf])
    } else if (msg.kind === 'digest') {
      sessions.delete(msg.id)
      // a failed session already reported `failed`, which answers its digest too
      if (session.failed || session.xxh === undefined) return
      let fingerprint: string
      let md5Base64: string
      try {
        fingerprint = `xxh3:${session.xxh.digest('hex')}`
        md5Base64 = session.md5.digest('base64')
      } catch (err) {
        fail(msg.id, session, err)
        return
      }
      port.postMessage({ kind: 'digest', id: msg.id, fingerprint, md5Base64 })
    }
  }

  port.on('message', (msg) => {
    if (msg.kind === 'drop') {
      // messages already queued still run (their buffers are acknowledged); nothing new arrives
      sessions.delete(msg.id)
      return
    }
    const session = sessions.get(msg.id) ?? open(msg.id)
    session.chain = session.chain.then(() => {
      handle(session, msg)
    })
  })
}
