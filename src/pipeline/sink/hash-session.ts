import { RivetError } from '../../errors/index.js'

/** A finished session's fingerprints, as `ContentHasher.digest()` returns them. */
export interface Digest {
  readonly fingerprint: string
  readonly md5Base64: string
}

/** Bytes copied per message: small writes are gathered, large ones split. */
export const STAGE_BYTES = 1024 * 1024

/** What a session needs from the hash thread (hash-thread.ts). */
export interface SessionHost {
  /** Why the thread stopped, once it has. */
  readonly dead: Error | undefined
  /** A `STAGE_BYTES` buffer to copy into. */
  takeBuffer(): ArrayBuffer
  /** Returns a buffer that was never posted. */
  giveBack(buf: ArrayBuffer): void
  /** A promise to wait on while the backlog is full, else `undefined`; never rejects. */
  room(): Promise<void> | undefined
  /** Transfers `buf`, whose first `len` bytes are the session's next bytes. */
  postData(id: number, buf: ArrayBuffer, len: number): void
  /** The session's fingerprints once everything posted before is hashed. */
  digest(id: number): Promise<Digest>
  /** Forgets the session; a pending `digest` rejects with `reason`. */
  drop(id: number, reason: Error): void
}

/** One stream's bytes on their way to the hash thread. Calls must not overlap (a Writable's never do). */
export class HashSession {
  readonly #thread: SessionHost
  readonly id: number
  #stage: Uint8Array | undefined
  #fill = 0
  #bytes = 0
  #error: Error | undefined
  #closed = false
  #done = false
  #dropped = false

  constructor(thread: SessionHost, id: number) {
    this.#thread = thread
    this.id = id
    this.#error = thread.dead
  }

  /** Bytes taken so far. */
  get bytes(): number {
    return this.#bytes
  }

  /** Copies `chunks` for hashing; resolves once copied and the backlog has room. */
  async write(chunks: readonly Uint8Array[]): Promise<void> {
    for (const chunk of chunks) {
      let offset = 0
      for (;;) {
        if (this.#error !== undefined) throw this.#error
        if (offset === chunk.byteLength) break
        const room = this.#thread.room()
        if (room !== undefined) {
          await room
          continue
        }
        const stage = (this.#stage ??= new Uint8Array(this.#thread.takeBuffer()))
        const n = Math.min(stage.byteLength - this.#fill, chunk.byteLength - offset)
        stage.set(chunk.subarray(offset, offset + n), this.#fill)
        this.#fill += n
        offset += n
        if (this.#fill === stage.byteLength) this.#flush()
      }
      this.#bytes += chunk.byteLength
    }
  }

  /** Hashes what is left and returns the fingerprints; the session is over. */
  async finish(): Promise<Digest> {
    if (this.#error !== undefined) throw this.#error
    if (this.#closed) throw new RivetError('RIVET_INTERNAL', 'a fingerprinting session was finished twice')
    this.#flush()
    this.#closed = true
    const digest = await this.#thread.digest(this.id)
    this.#done = true
    return digest
  }

  /** Abandons the session (the stream was destroyed); a pending `finish` rejects with `reason`. */
  drop(reason: Error): void {
    if (this.#done || this.#dropped) return
    this.#dropped = true
    this.#error ??= reason
    if (this.#stage !== undefined) this.#thread.giveBack(this.#stage.buffer as ArrayBuffer)
    this.#stage = undefined
    this.#fill = 0
    this.#closed = true
    this.#thread.drop(this.id, reason)
  }

  /** The thread failed this session (a hashing error or a crash): later calls reject with `err`. */
  fail(err: Error): void {
    this.#error ??= err
  }

  #flush(): void {
    const stage = this.#stage
    if (stage === undefined || this.#fill === 0) return
    this.#thread.postData(this.id, stage.buffer as ArrayBuffer, this.#fill)
    this.#stage = undefined
    this.#fill = 0
  }
}
