import { setTimeout as sleep } from 'node:timers/promises'
import { type RecordBatch, Schema } from 'apache-arrow'
import type { Connection } from 'mysql2'
import { BatchBuilder, createColumnBuilder, type ColumnBuilder } from '../../batch/index.js'
import { RivetError } from '../../errors/index.js'
import { arrowField } from '../../types/index.js'
import { probeSize, StreamingBatchCut } from '../batch-controller.js'
import type { BatchStream, ExportRequest, TypeMapping } from '../source.js'
import { toMysqlQueryError } from './classify-error.js'
import { assertSupported, columnMeta, mysqlMappings } from './columns.js'
import { mysqlDecoder, type MysqlValue, type ValueDecoder } from './decode.js'
import type { WireField } from './wire/mysql2-cell.js'
import { interceptRows, rowDecoder, type PacketHandler } from './wire/row-decoder.js'
import { type BulkRows, rowFrames, type RowFrames } from './wire/row-frames.js'
import { type WasmRows, wasmRows } from './wire/wasm-rows.js'
import { repairInvalidUtf8, type RawTextColumn } from './wire/utf8-repair.js'

export interface StreamHooks {
  /** Ends the statement on the server when the consumer stops early (kill + drop the connection). */
  abandon(): Promise<void>
  /** The statement ended on the server (end of rows or an error): the connection is free again. */
  settled(): void
}

interface Shared {
  queue: RecordBatch[]
  done: boolean
  error: unknown
  wake: (() => void) | undefined
}

function notify(s: Shared): void {
  const w = s.wake
  s.wake = undefined
  w?.()
}

/**
 * One unbuffered (streaming) query per export (D05). Each row packet is decoded straight
 * into the column builders (`wire/row-decoder.ts`; mysql2 still runs the protocol); a full
 * batch pauses the connection until the consumer takes it, so at most one batch waits
 * while the next one fills. The schema comes from the column
 * definitions, before the first row (also for 0 rows).
 */
export async function openMysqlStream(conn: Connection, req: ExportRequest, hooks: StreamHooks): Promise<BatchStream> {
  // Bound values go through a server-side prepared statement: the server parses the `?`
  // placeholders, so a `?` inside a quoted identifier or literal is never substituted.
  const options = { sql: req.sql, rowsAsArray: true, values: [...req.params] }
  const binaryProtocol = req.params.length > 0
  const query = binaryProtocol ? conn.execute(options) : conn.query(options)
  const s: Shared = { queue: [], done: false, error: undefined, wake: undefined }
  // Rows wait (paused connection) until the builders exist; one arriving earlier is a bug, not a row to drop.
  const packets: { current: PacketHandler | undefined } = {
    current: () => {
      s.error ??= new RivetError('RIVET_INTERNAL', 'source: a MySQL row arrived before its column decoders were ready')
    },
  }
  const wire = interceptRows(query, packets)
  // Rows skip mysql2's per-packet dispatch once the decoders exist (see row-frames.ts).
  let frames: RowFrames | undefined
  const settled = (): void => {
    frames?.release()
    hooks.settled()
  }
  const sink: { onRow?: (row: (MysqlValue | null)[]) => void } = {}
  const fields = await new Promise<unknown[] | undefined>((resolve, reject) => {
    let resultSets = 0
    query.on('fields', (f: unknown[] | undefined) => {
      if (++resultSets > 1) {
        // A procedure returning several result sets: the schema cannot change mid-export.
        s.error ??= new RivetError('RIVET_SOURCE_QUERY', 'source: the statement returned more than one result set', { hint: 'the export query must be a single SELECT' })
        notify(s)
        return
      }
      // Rows of the same network chunk follow synchronously: hold them until builders exist.
      conn.pause()
      resolve(f)
    })
    // On the wire path rows go to `packets.current` and mysql2 emits no row values.
    if (!wire) {
      query.on('result', (row: unknown) => {
        if (sink.onRow !== undefined && s.error === undefined) sink.onRow(row as (MysqlValue | null)[])
      })
    }
    query.on('error', (err: unknown) => {
      // A server error ends the statement; the connection stays usable unless the driver says fatal.
      s.error = err
      s.done = true
      settled()
      reject(err instanceof Error ? err : new Error(String(err)))
      notify(s)
    })
    query.on('end', () => {
      s.done = true
      settled()
      resolve(undefined)
      notify(s)
    })
  }).catch((err: unknown) => {
    throw toMysqlQueryError(err)
  })
  if (fields === undefined) {
    conn.resume()
    throw new RivetError('RIVET_SOURCE_QUERY', 'source: the statement returned no result set', { hint: 'the export query must be a SELECT' })
  }

  let mappings: TypeMapping[]
  let builders: ColumnBuilder[]
  let decoders: ValueDecoder[]
  let decodeRow: PacketHandler | undefined
  let rawText: RawTextColumn[] = []
  let bulkDecoder: WasmRows | undefined
  try {
    mappings = mysqlMappings(fields.map(columnMeta), req.columnOverrides)
    assertSupported(mappings)
    builders = mappings.map((m) => createColumnBuilder(m.type))
    const maxValueBytes = req.tuning.maxValueMb === undefined || req.tuning.maxValueMb === 0 ? undefined : req.tuning.maxValueMb * 1024 * 1024
    decoders = builders.map((b, i) => mysqlDecoder(b, { column: mappings[i]?.name ?? `#${i}`, maxValueBytes, nativeType: mappings[i]?.nativeType }))
    if (wire) {
      const columns = fields.map((f, i) => ({ field: wireField(f), builder: builders[i] as ColumnBuilder, decode: decoders[i] as ValueDecoder, column: mappings[i]?.name ?? `#${i}`, maxValueBytes }))
      ;({ decode: decodeRow, rawText } = rowDecoder(columns, binaryProtocol))
      bulkDecoder = wasmRows(columns, binaryProtocol)
    }
  } catch (err) {
    await hooks.abandon()
    throw err
  }
  const schema = new Schema(mappings.map((m) => arrowField(m.name, m.type, { nativeType: m.nativeType, fidelity: m.fidelity })))
  const batch = new BatchBuilder(schema, builders)
  const stats = { fetches: 1, rows: 0 }
  const cut = new StreamingBatchCut(req.tuning)
  // The byte size (O(columns)) only matters for the probe batch that sizes the rest.
  const probeRows = probeSize(req.tuning)
  let probed = false
  let paused = false
  const width = builders.length

  const finish = (): RecordBatch => (rawText.length > 0 ? repairInvalidUtf8(batch.finish(), rawText) : batch.finish())
  const endRow = (): void => {
    batch.endRow()
    afterRows()
  }
  /** Emits the batch once it is full, pausing the connection until the consumer takes it. */
  const afterRows = (): void => {
    const n = batch.rowCount
    if (!cut.isFull(n, !probed && n >= probeRows ? batch.byteSize : 0)) return
    probed = true
    stats.rows += n
    s.queue.push(finish())
    paused = true
    conn.pause()
    notify(s)
  }
  const fail = (err: unknown): void => {
    // A value that cannot be represented stops the export; the query is abandoned below.
    s.error = err
    paused = true
    conn.pause()
    notify(s)
  }
  if (decodeRow !== undefined) {
    const decode = decodeRow
    const onRow: PacketHandler = (packet) => {
      if (s.error !== undefined) return
      try {
        decode(packet)
        endRow()
      } catch (err) {
        fail(err)
      }
    }
    packets.current = onRow
    let bulk: BulkRows | undefined
    if (bulkDecoder !== undefined) {
      const rows = bulkDecoder
      bulk = (chunk, at, end) => {
        if (s.error !== undefined) return { next: at, seq: -1 }
        try {
          const taken = rows.decode(chunk, at, end, cut.remaining(batch.rowCount))
          if (taken.rows > 0) {
            batch.endRows(taken.rows)
            afterRows()
          }
          return taken
        } catch (err) {
          fail(err)
          return { next: at, seq: -1 }
        }
      }
    }
    if (!s.done) frames = rowFrames(conn, query, onRow, bulk)
  }

  sink.onRow = (row) => {
    try {
      for (let c = 0; c < width; c++) {
        const v = row[c]
        if (v === null || v === undefined) (builders[c] as ColumnBuilder).appendNull()
        else (decoders[c] as ValueDecoder)(v)
      }
      endRow()
    } catch (err) {
      fail(err)
    }
  }
  frames?.activate()
  conn.resume()
  const onAbort = (): void => {
    notify(s)
  }
  req.signal?.addEventListener('abort', onAbort, { once: true })

  async function* iterate(): AsyncGenerator<RecordBatch> {
    let finished = false
    try {
      for (;;) {
        if (req.signal?.aborted === true) throw new RivetError('RIVET_INTERRUPTED', 'export interrupted', { details: { signal: String(req.signal.reason) } })
        const next = s.queue.shift()
        if (next !== undefined) {
          if (paused && s.error === undefined) {
            paused = false
            conn.resume()
          }
          yield next
          if (req.tuning.throttleMs > 0) await sleep(req.tuning.throttleMs)
          continue
        }
        if (s.error !== undefined) throw toMysqlQueryError(s.error)
        if (s.done) {
          if (batch.rowCount > 0) {
            stats.rows += batch.rowCount
            yield finish()
          }
          finished = true
          return
        }
        await new Promise<void>((resolve) => {
          s.wake = resolve
        })
      }
    } finally {
      // `break`, a throw or a decode failure before the server finished: end the statement.
      req.signal?.removeEventListener('abort', onAbort)
      if (!finished && !s.done) {
        frames?.release()
        await hooks.abandon()
      }
    }
  }

  return { schema, mappings, stats, [Symbol.asyncIterator]: () => iterate() }
}

/** mysql2's column definition as the row decoder reads it (see `columnMeta` for the mapping side). */
function wireField(field: unknown): WireField {
  const f = field as Record<string, unknown>
  const meta = columnMeta(field)
  return { ...meta, encoding: typeof f.encoding === 'string' ? f.encoding : 'binary' }
}
