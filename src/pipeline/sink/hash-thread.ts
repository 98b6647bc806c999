import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { RivetError } from '../../errors/index.js'
import { type Digest, HashSession, type SessionHost, STAGE_BYTES } from './hash-session.js'
import { type FromHasher, runHashWorker, type ToHasher } from './hash-worker.js'

/** Bytes posted but not yet hashed (all sessions together) above which writers wait. */
const MAX_BACKLOG = 8 * 1024 * 1024
/** Acknowledged buffers kept for reuse. */
const MAX_POOLED = 4

/**
 * The thread's whole program: it needs no compiled file, so the same code runs from `src/`
 * under vitest, from `dist/src/` and from the bundle. hash-wasm is resolved by the main thread
 * (an eval worker cannot resolve packages relative to rivet).
 */
const WORKER_SOURCE = [
  "const { parentPort, workerData } = require('node:worker_threads')",
  "const { createHash } = require('node:crypto')",
  'const { createXXHash3 } = require(workerData.hashWasmPath)',
  `const runHashWorker = ${runHashWorker.toString()}`,
  "runHashWorker(parentPort, createXXHash3, () => createHash('md5'))",
].join('\n')

const resolveHere = createRequire(import.meta.url)
let shared: HashThread | undefined

/**
 * A new fingerprinting session on the process's hash thread (started on first use). The
 * thread is unref'd: it keeps the process alive only while it owes an answer.
 */
export function openHashSession(): HashSession {
  shared ??= new HashThread()
  return shared.open()
}

interface Waiter<T> {
  resolve(value: T): void
  reject(err: Error): void
}

class HashThread implements SessionHost {
  readonly #worker: Worker
  readonly #sessions = new Map<number, HashSession>()
  readonly #digests = new Map<number, Waiter<Digest>>()
  readonly #pool: ArrayBuffer[] = []
  #roomWaiters: (() => void)[] = []
  #nextId = 1
  #inFlight = 0
  #referenced = false
  #dead: Error | undefined

  constructor() {
    const hashWasmPath = resolveHere.resolve('hash-wasm')
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { hashWasmPath } })
    this.#worker.unref()
    this.#worker.on('message', (msg: FromHasher) => {
      this.#onMessage(msg)
    })
    this.#worker.on('error', (err: Error) => {
      this.#crash(err)
    })
    this.#worker.on('messageerror', (err: Error) => {
      this.#crash(err)
      void this.#worker.terminate()
    })
    this.#worker.on('exit', (code: number) => {
      this.#crash(new Error(`the hash thread exited with code ${code}`))
    })
  }

  open(): HashSession {
    const session = new HashSession(this, this.#nextId++)
    this.#sessions.set(session.id, session)
    return session
  }

  get dead(): Error | undefined {
    return this.#dead
  }

  takeBuffer(): ArrayBuffer {
    return this.#pool.pop() ?? new ArrayBuffer(STAGE_BYTES)
  }

  giveBack(buf: ArrayBuffer): void {
    if (this.#pool.length < MAX_POOLED && buf.byteLength === STAGE_BYTES) this.#pool.push(buf)
  }

  /** Resolves once the backlog has room again, or at once when it has; never rejects. */
  room(): Promise<void> | undefined {
    if (this.#inFlight < MAX_BACKLOG || this.#dead !== undefined) return undefined
    return new Promise((resolve) => this.#roomWaiters.push(resolve))
  }

  postData(id: number, buf: ArrayBuffer, len: number): void {
    if (this.#dead !== undefined) throw this.#dead
    this.#post({ kind: 'data', id, buf, len }, [buf])
    this.#inFlight += len
    this.#refresh()
  }

  digest(id: number): Promise<Digest> {
    if (this.#dead !== undefined) return Promise.reject(this.#dead)
    return new Promise((resolve, reject) => {
      this.#digests.set(id, { resolve, reject })
      this.#post({ kind: 'digest', id })
      this.#refresh()
    })
  }

  drop(id: number, reason: Error): void {
    this.#sessions.delete(id)
    this.#settleDigest(id)?.reject(reason)
    if (this.#dead === undefined) this.#post({ kind: 'drop', id })
    this.#refresh()
  }

  #post(msg: ToHasher, transfer: ArrayBuffer[] = []): void {
    this.#worker.postMessage(msg, transfer)
  }

  #onMessage(msg: FromHasher): void {
    if (msg.kind === 'ack') {
      this.#inFlight -= msg.len
      this.giveBack(msg.buf)
      if (this.#inFlight < MAX_BACKLOG) this.#wakeWriters()
    } else if (msg.kind === 'digest') {
      this.#sessions.delete(msg.id)
      this.#settleDigest(msg.id)?.resolve({ fingerprint: msg.fingerprint, md5Base64: msg.md5Base64 })
    } else {
      const err = new RivetError('RIVET_DEST_WRITE', `could not fingerprint the temp part: ${msg.message}`, {
        hint: 'set RIVET_HASH_WORKER=0 to fingerprint on the main thread',
      })
      this.#sessions.get(msg.id)?.fail(err)
      this.#settleDigest(msg.id)?.reject(err)
    }
    this.#refresh()
  }

  /** Fails every session: each writer and digest waiting on this thread gets the error. */
  #crash(cause: Error): void {
    if (this.#dead !== undefined) return
    const err = new RivetError('RIVET_DEST_WRITE', 'the fingerprinting thread stopped unexpectedly', {
      hint: 're-run the export; if it happens again, set RIVET_HASH_WORKER=0 and report it',
      cause,
    })
    this.#dead = err
    if (shared === this) shared = undefined
    for (const session of this.#sessions.values()) session.fail(err)
    this.#sessions.clear()
    for (const waiter of this.#digests.values()) waiter.reject(err)
    this.#digests.clear()
    this.#inFlight = 0
    this.#wakeWriters()
    this.#refresh()
  }

  #settleDigest(id: number): Waiter<Digest> | undefined {
    const waiter = this.#digests.get(id)
    this.#digests.delete(id)
    return waiter
  }

  #wakeWriters(): void {
    const waiters = this.#roomWaiters
    this.#roomWaiters = []
    for (const wake of waiters) wake()
  }

  /** Referenced exactly while an acknowledgement or a digest is owed. */
  #refresh(): void {
    const busy = this.#dead === undefined && (this.#inFlight > 0 || this.#digests.size > 0)
    if (busy === this.#referenced) return
    this.#referenced = busy
    if (busy) this.#worker.ref()
    else this.#worker.unref()
  }
}
