import type { Duplex } from 'node:stream'
import type pg from 'pg'
import type { BatchBuilder, ColumnBuilder } from '../../../batch/index.js'
import type { Logger } from '../../../log/index.js'
import { fetchSql } from '../session-sql.js'
import type { DecodeContext } from '../text-decode.js'
import { int32At } from './big-endian.js'
import { type FieldDecoder, wireColumn } from './field-decoders.js'
import { extendedQuery } from './frontend-messages.js'
import { pgWasmRows } from './wasm-rows.js'
import { type BulkRowHandler, type RowHandler, WireSession } from './wire-session.js'

/** Environment switch for the wire path; `0` falls back to node-postgres rows (for comparisons and as an escape hatch). */
export const WIRE_ENV = 'RIVET_PG_FAST'

export interface WireColumnSpec {
  readonly oid: number
  readonly builder: ColumnBuilder
  readonly ctx: DecodeContext
}

/**
 * FETCHes on a borrowed socket with per-column binary/text result formats, decoding each
 * DataRow straight from the receive buffer into the batch's column builders.
 */
export class WireFetcher {
  readonly #session: WireSession
  readonly #formats: (0 | 1)[]
  readonly #onRow: RowHandler
  readonly #bulk: BulkRowHandler | undefined

  private constructor(session: WireSession, columns: readonly WireColumnSpec[], batch: BatchBuilder) {
    this.#session = session
    const wire = columns.map((c) => wireColumn(c.oid, c.builder, c.ctx))
    this.#formats = wire.map((w) => w.format)
    this.#onRow = rowHandler(
      columns.map((c) => c.builder),
      wire.map((w) => w.decode),
      batch,
    )
    this.#bulk = pgWasmRows(columns, (count) => {
      batch.endRows(count)
    })
  }

  /** Borrows the client's socket, or returns undefined when the wire path is off or unavailable. */
  static open(client: pg.Client, columns: readonly WireColumnSpec[], batch: BatchBuilder, log: Logger): WireFetcher | undefined {
    if (process.env[WIRE_ENV] === '0') return undefined
    const socket = socketOf(client)
    if (socket === undefined) {
      log.debug('node-postgres socket not reachable; using driver rows')
      return undefined
    }
    return new WireFetcher(new WireSession(socket), columns, batch)
  }

  /** Sends `FETCH rows`; resolves with the rows received once they are all in the builders. */
  fetch(rows: number): Promise<number> {
    return this.#session.request(extendedQuery(fetchSql(rows), this.#formats), this.#onRow, this.#bulk)
  }

  /** Waits for any FETCH still in flight and hands the socket back to node-postgres. */
  release(): Promise<void> {
    return this.#session.release()
  }
}

function socketOf(client: pg.Client): Duplex | undefined {
  const stream = (client as { connection?: { stream?: unknown } }).connection?.stream
  if (typeof stream !== 'object' || stream === null) return undefined
  const s = stream as Partial<Duplex>
  return typeof s.on === 'function' && typeof s.write === 'function' && typeof s.listeners === 'function' ? (stream as Duplex) : undefined
}

/** The per-row JS decoder: each DataRow field through its column's FieldDecoder, then one batch row. */
export function rowHandler(builders: readonly ColumnBuilder[], decoders: readonly FieldDecoder[], batch: BatchBuilder): RowHandler {
  const width = builders.length
  return (buf, start) => {
    let p = start + 2 // int16 field count
    for (let c = 0; c < width; c++) {
      const len = int32At(buf, p)
      p += 4
      if (len < 0) {
        ;(builders[c] as ColumnBuilder).appendNull()
      } else {
        ;(decoders[c] as FieldDecoder)(buf, p, len)
        p += len
      }
    }
    batch.endRow()
  }
}
