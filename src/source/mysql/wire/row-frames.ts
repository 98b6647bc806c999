import type { Connection } from 'mysql2'
import type { WirePacket } from './mysql2-cell.js'

/** A packet of 2^24 − 1 payload bytes continues in the next one (a row of ≥ 16 MiB). */
const MAX_PAYLOAD = 0xffffff
const HEADER = 4
const EOF_OR_OK = 0xfe
const ERR = 0xff

type Execute = (this: ParserInternals, chunk: Buffer) => unknown

/** The parts of mysql2's `PacketParser` (lib/packet_parser.js) this framing relies on. */
interface ParserInternals {
  execute: Execute
  largePacketParts: unknown[]
  _reusablePacket?: WirePacket & { sequenceId: number; numPackets: number; buffer: Buffer; start: number; end: number }
}

/** The parts of mysql2's `Connection` (lib/base/connection.js) this framing relies on. */
interface ConnectionInternals {
  packetParser: ParserInternals
  sequenceId: number
  _paused: boolean
  _paused_packets: { length: number }
  _fatalError: unknown
  _command: unknown
  config: { compress?: unknown; debug?: unknown }
}

/**
 * Takes a run of complete row packets starting at `at` in one go (wasm-rows.ts) and returns
 * the position after the last one it took and that packet's sequence id (-1 for none). It
 * stops before anything it does not take, which then goes through `handler` or to mysql2 as
 * usual. Like `handler`, it must not throw.
 */
export type BulkRows = (chunk: Buffer, at: number, end: number) => { next: number; seq: number }

export interface RowFrames {
  /** Rows of the following network chunks go straight to the handler. */
  activate(): void
  /** Hands framing back to mysql2 for good (end of the statement, error or abandon). Idempotent. */
  release(): void
}

/**
 * Frames the row packets of one result set without mysql2's per-packet dispatch (its
 * handlePacket → command.execute → row state → 'result' event costs ~0.5 µs per row): each
 * complete row packet of a network chunk is handed to `handler` directly. Anything else —
 * the EOF/OK packet that ends the rows, an error packet, a packet split across chunks, a
 * row of 16 MiB or more — and the rest of its chunk go to mysql2's own parser, which then
 * finishes the statement as usual (a split packet comes back through mysql2's row state,
 * i.e. the same handler), as do the rest of a chunk once the handler paused the connection.
 * The connection's sequence id is kept in step with the packets consumed here. `handler`
 * must not throw: it runs inside the socket's `data` listener, outside mysql2's own guard
 * (stream-reader's row handler records its errors and pauses instead).
 *
 * mysql2 sets `packetParser.execute` to its current state function; an accessor keeps those
 * assignments while the connection's `data` listener gets the dispatcher. Undefined when the
 * connection is not of that shape (another mysql2 version, compression, debug): mysql2 then
 * frames every packet as before.
 */
export function rowFrames(conn: Connection, command: object, handler: (packet: WirePacket) => void, bulk?: BulkRows): RowFrames | undefined {
  const c = conn as unknown as Partial<ConnectionInternals>
  const parser = c.packetParser
  if (parser === undefined || c.config === undefined || c.config.compress === true || (c.config.debug ?? false) !== false) return undefined
  const start: unknown = Reflect.get(Object.getPrototypeOf(parser) as object, 'executeStart')
  const own = Object.getOwnPropertyDescriptor(parser, 'execute')
  const packet = parser._reusablePacket
  // mysql2's state function while the command reads rows (Query and Execute share it)
  const rowState: unknown = Reflect.get(command, 'row')
  if (typeof start !== 'function' || typeof rowState !== 'function' || own === undefined || !('value' in own) || typeof own.value !== 'function' || packet === undefined || !Array.isArray(parser.largePacketParts)) return undefined
  const internals = c as ConnectionInternals
  let inner = own.value as Execute
  let active = false
  let released = false

  const frameChunk = (chunk: Buffer): void => {
    const end = chunk.length
    let at = 0
    let seq = -1
    while (end - at >= HEADER) {
      if (bulk !== undefined) {
        const taken = bulk(chunk, at, end)
        if (taken.seq !== -1) seq = taken.seq
        at = taken.next
        if (internals._paused || end - at < HEADER) break
      }
      const len = (chunk[at] as number) | ((chunk[at + 1] as number) << 8) | ((chunk[at + 2] as number) << 16)
      if (len >= MAX_PAYLOAD || len === 0 || end - at < HEADER + len) break
      const first = chunk[at + HEADER] as number
      if (first === EOF_OR_OK || first === ERR) break
      seq = chunk[at + 3] as number
      packet.sequenceId = seq
      packet.numPackets = 1
      packet.buffer = chunk
      packet.start = at
      packet.offset = at + HEADER
      packet.end = at + HEADER + len
      at += HEADER + len
      handler(packet)
      // A full batch paused the connection: the rest of the chunk waits in mysql2's queue
      // (replayed through its row state on resume), so read-ahead stays one batch.
      if (internals._paused) break
    }
    if (seq !== -1) internals.sequenceId = (seq + 1) & 0xff
    if (at < end) inner.call(parser, at === 0 ? chunk : chunk.subarray(at))
  }

  const dispatch = (chunk: Buffer): unknown => {
    // Fast only while the command reads rows of its result set (not column definitions of a
    // procedure's next one), from a packet boundary, with nothing queued behind a pause.
    const reading = internals._command === command && Reflect.get(command, 'next') === rowState
    if (!active || !reading || inner !== start || parser.largePacketParts.length > 0 || internals._paused || internals._paused_packets.length > 0 || internals._fatalError) {
      return inner.call(parser, chunk)
    }
    frameChunk(chunk)
    return null
  }

  Object.defineProperty(parser, 'execute', {
    configurable: true,
    enumerable: true,
    get: () => dispatch,
    set: (fn: Execute) => {
      inner = fn
    },
  })
  return {
    activate: () => {
      if (!released) active = true
    },
    release: () => {
      if (released) return
      released = true
      active = false
      Object.defineProperty(parser, 'execute', { configurable: true, enumerable: true, writable: true, value: inner })
    },
  }
}
