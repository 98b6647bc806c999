import type { Duplex } from 'node:stream'
import { RivetError } from '../../../errors/index.js'
import { int32At } from './big-endian.js'
import { connectionLost, parseErrorFields, PgWireError } from './backend-error.js'

/** Receives one DataRow body: `buf[start, end)` holds the field count and the fields. */
export type RowHandler = (buf: Buffer, start: number, end: number) => void

/**
 * Decodes the complete DataRow messages at the start of `buf[at, end)` (whole messages, type
 * byte included), as many as it can; returns how many and where it stopped. 0 rows hands the
 * message at `at` to the RowHandler.
 */
export type BulkRowHandler = (buf: Buffer, at: number, end: number) => { readonly rows: number; readonly next: number }

interface Pending {
  readonly onRow: RowHandler
  readonly bulk: BulkRowHandler | undefined
  readonly resolve: (rows: number) => void
  readonly reject: (err: unknown) => void
  rows: number
  error: unknown
}

type DataListener = (chunk: Buffer) => void

const DATA_ROW = 68 // 'D'
const ERROR_RESPONSE = 69 // 'E'
const READY_FOR_QUERY = 90 // 'Z'

/**
 * Borrows an authenticated node-postgres connection's socket for the FETCH hot path: while
 * borrowed, bytes from the server are framed here and DataRow bodies are handed to the
 * request's row handler without any per-row or per-field JS objects. Requests run in
 * order; a request settles at its ReadyForQuery, so a caller may send the next FETCH
 * before consuming the previous result (one round trip of overlap).
 *
 * `release()` restores node-postgres' own listeners once every request has settled; the
 * socket is then exactly where node-postgres left it (between messages, ready for query).
 */
export class WireSession {
  readonly #socket: Duplex
  readonly #saved: DataListener[]
  readonly #queue: Pending[] = []
  readonly #onData = (chunk: Buffer): void => {
    this.#receive(chunk)
  }
  readonly #onClose = (): void => {
    this.#fail(connectionLost('the server closed the connection'))
  }
  readonly #onError = (err: Error): void => {
    this.#fail(connectionLost(err.message))
  }
  #parts: Buffer[] = []
  #partBytes = 0
  #need = 0
  #released = false
  #idleWaiters: (() => void)[] = []
  #broken: Error | undefined = undefined

  constructor(socket: Duplex) {
    this.#socket = socket
    this.#saved = socket.listeners('data') as DataListener[]
    socket.removeAllListeners('data')
    socket.on('data', this.#onData)
    socket.on('close', this.#onClose)
    socket.on('error', this.#onError)
  }

  /**
   * Sends an already-serialised request (ending in Sync); resolves with its row count. Runs of
   * DataRows go to `bulk` first when given; any it leaves go to `onRow` one by one.
   */
  request(bytes: Buffer, onRow: RowHandler, bulk?: BulkRowHandler): Promise<number> {
    if (this.#released) return Promise.reject(new RivetError('RIVET_INTERNAL', 'PostgreSQL wire session used after it was released'))
    if (this.#broken !== undefined) return Promise.reject(this.#broken)
    return new Promise<number>((resolve, reject) => {
      this.#queue.push({ onRow, bulk, resolve, reject, rows: 0, error: undefined })
      this.#socket.write(bytes)
    })
  }

  /** Requests still waiting for their ReadyForQuery. */
  get inFlight(): number {
    return this.#queue.length
  }

  /** Waits for every request to settle (results ignored), then gives the socket back. */
  async release(): Promise<void> {
    if (this.#released) return
    if (this.#queue.length > 0) {
      await new Promise<void>((done) => {
        this.#idleWaiters.push(done)
      })
    }
    this.#released = true
    const socket = this.#socket
    socket.removeListener('data', this.#onData)
    socket.removeListener('close', this.#onClose)
    socket.removeListener('error', this.#onError)
    for (const l of this.#saved) socket.on('data', l)
    // Anything after the last ReadyForQuery (an async notice) belongs to node-postgres.
    const rest = this.#takeParts()
    if (rest !== undefined && rest.length > 0) for (const l of this.#saved) l(rest)
  }

  #fail(err: Error): void {
    this.#broken ??= err
    const queue = this.#queue.splice(0)
    for (const p of queue) p.reject(p.error ?? err)
    this.#notifyIdle()
  }

  #notifyIdle(): void {
    if (this.#queue.length > 0) return
    const waiters = this.#idleWaiters.splice(0)
    for (const w of waiters) w()
  }

  #takeParts(): Buffer | undefined {
    if (this.#parts.length === 0) return undefined
    const buf = this.#parts.length === 1 ? (this.#parts[0] as Buffer) : Buffer.concat(this.#parts, this.#partBytes)
    this.#parts = []
    this.#partBytes = 0
    return buf
  }

  #receive(chunk: Buffer): void {
    let buf = chunk
    if (this.#parts.length > 0) {
      this.#parts.push(chunk)
      this.#partBytes += chunk.length
      if (this.#partBytes < this.#need) return
      buf = this.#takeParts() as Buffer
    }
    const n = buf.length
    let off = 0
    while (n - off >= 5) {
      if (buf[off] === DATA_ROW) {
        const next = this.#bulk(buf, off, n)
        if (next > off) {
          off = next
          continue
        }
      }
      const len = int32At(buf, off + 1)
      const total = len + 1
      if (n - off < total) break
      this.#dispatch(buf[off] ?? 0, buf, off + 5, off + total)
      off += total
    }
    if (off < n) {
      const rest = buf.subarray(off)
      this.#parts = [rest]
      this.#partBytes = rest.length
      this.#need = rest.length >= 5 ? rest.readInt32BE(1) + 1 : 5
    }
  }

  /** Hands a run of DataRows to the head request's bulk decoder; returns where the run ended. */
  #bulk(buf: Buffer, at: number, end: number): number {
    const head = this.#queue[0]
    if (head?.bulk === undefined || head.error !== undefined) return at
    try {
      const { rows, next } = head.bulk(buf, at, end)
      head.rows += rows
      return next
    } catch (err) {
      // Keep reading to the ReadyForQuery so the connection stays usable, then reject; the
      // rows of this run are dropped with the request.
      head.error = err
      return at
    }
  }

  #dispatch(type: number, buf: Buffer, start: number, end: number): void {
    const head = this.#queue[0]
    if (type === DATA_ROW) {
      if (head === undefined || head.error !== undefined) return
      head.rows++
      try {
        head.onRow(buf, start, end)
      } catch (err) {
        // Keep reading to the ReadyForQuery so the connection stays usable, then reject.
        head.error = err
      }
      return
    }
    if (type === ERROR_RESPONSE) {
      if (head !== undefined) head.error ??= new PgWireError(parseErrorFields(buf, start, end))
      return
    }
    if (type === READY_FOR_QUERY) {
      const done = this.#queue.shift()
      if (done === undefined) return
      if (done.error !== undefined) done.reject(done.error)
      else done.resolve(done.rows)
      this.#notifyIdle()
      return
    }
    // CommandComplete, ParseComplete, BindComplete, NoticeResponse, ParameterStatus,
    // NotificationResponse: nothing to do (rows are counted as they arrive).
  }
}
