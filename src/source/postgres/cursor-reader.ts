import { setTimeout as sleep } from 'node:timers/promises'
import { Schema, type RecordBatch } from 'apache-arrow'
import type pg from 'pg'
import type { FieldDef, QueryArrayResult } from 'pg'
import { BatchBuilder, createColumnBuilder, type ColumnBuilder } from '../../batch/index.js'
import { RivetError } from '../../errors/index.js'
import type { Logger } from '../../log/index.js'
import { arrowField } from '../../types/index.js'
import { pgFetchSize, probeSize } from '../batch-controller.js'
import type { BatchStream, ExportRequest, TypeMapping } from '../source.js'
import { assertSupported, withOverride } from '../type-mapping.js'
import { loadTypeCatalog } from './catalog.js'
import { toQueryError } from './classify-error.js'
import { beginExportSql, declareCursorSql, fetchSql, parseWorkMem } from './session-sql.js'
import { type DecodeContext, textDecoder, type TextDecoder } from './text-decode.js'
import { WireFetcher } from './wire/wire-fetcher.js'
import { mapPgType } from './type-map.js'

/** Every value arrives as the server's text; decoders turn it into Arrow columns. */
const RAW_TEXT = { getTypeParser: () => (value: string) => value }

async function fetchRows(client: pg.Client, rows: number): Promise<QueryArrayResult<(string | null)[]>> {
  return client.query<(string | null)[]>({ text: fetchSql(rows), rowMode: 'array', types: RAW_TEXT })
}

function mappingsFor(fields: readonly FieldDef[], catalog: Parameters<typeof mapPgType>[2], req: ExportRequest): TypeMapping[] {
  return fields.map((f) => withOverride(f.name, mapPgType(f.dataTypeID, f.dataTypeModifier, catalog), req.columnOverrides))
}

/**
 * Opens the export transaction and the server-side cursor, reads the probe batch and
 * returns a stream whose schema is already known (also for 0 rows). Each FETCH is one
 * short statement (D03); the transaction is committed when the stream is drained and
 * rolled back on `break`, error or abort.
 */
export async function openCursorStream(client: pg.Client, req: ExportRequest, log: Logger): Promise<BatchStream> {
  const begun = (await client.query(beginExportSql(req.tuning))) as unknown as pg.QueryResult[]
  let open = true
  const rollback = async (): Promise<void> => {
    if (!open) return
    open = false
    await client.query('ROLLBACK').catch((err: unknown) => {
      // The connection may already be broken; the transaction dies with it.
      log.debug({ err: String(err) }, 'rollback after failure did not complete')
    })
  }
  try {
    const workMem = parseWorkMem((begun[begun.length - 1]?.rows[0] as { work_mem?: string } | undefined)?.work_mem)
    await client.query(declareCursorSql(req.sql))
    const first = await fetchRows(client, probeSize(req.tuning))
    let probeRows = first.rows
    const catalog = await loadTypeCatalog(client, first.fields.map((f) => f.dataTypeID))
    const mappings = mappingsFor(first.fields, catalog, req)
    assertSupported(mappings, 'col::text')
    const fields = mappings.map((m) => arrowField(m.name, m.type, { nativeType: m.nativeType, fidelity: m.fidelity }))
    const builders = mappings.map((m) => createColumnBuilder(m.type))
    const batch = new BatchBuilder(new Schema(fields), builders)
    const maxValueBytes = req.tuning.maxValueMb === undefined || req.tuning.maxValueMb === 0 ? undefined : req.tuning.maxValueMb * 1024 * 1024
    const contexts: DecodeContext[] = mappings.map((m, i) => ({ column: m.name || `#${i}`, maxValueBytes }))
    const decoders = builders.map((b, i) => textDecoder(b, contexts[i] as DecodeContext))
    const stats = { fetches: 1, rows: 0 }
    const stream: BatchStream = {
      schema: batch.schema,
      mappings,
      stats,
      [Symbol.asyncIterator]: () => iterate(),
    }
    async function* iterate(): AsyncGenerator<RecordBatch> {
      let wire: WireFetcher | undefined
      try {
        // The probe batch came through node-postgres (it also told us the column types).
        const probed = probeRows.length
        let asked = probeSize(req.tuning)
        let bytesPerRow = 0
        if (probed > 0) {
          decodeRows(probeRows, builders, decoders, batch)
          // Drop the driver's row objects before yielding: while the consumer awaits its
          // write they would otherwise survive young-generation GCs and pile up in old space.
          probeRows = []
          stats.rows += probed
          bytesPerRow = batch.byteSize / Math.max(1, batch.rowCount)
          yield batch.finish()
        }
        if (probed === asked) {
          if (req.tuning.throttleMs > 0) await sleep(req.tuning.throttleMs)
          wire = WireFetcher.open(client, first.fields.map((f, i) => ({ oid: f.dataTypeID, builder: builders[i] as ColumnBuilder, ctx: contexts[i] as DecodeContext })), batch, log)
          const fetchInto = wire === undefined ? driverFetch(client, builders, decoders, batch) : wire.fetch.bind(wire)
          // Without throttling, the next FETCH is sent before this batch is handed on, so
          // the server produces it while the consumer encodes and writes (wire path only).
          const pipeline = wire !== undefined && req.tuning.throttleMs === 0
          let inFlight: Promise<number> | undefined
          asked = pgFetchSize(req.tuning, workMem, bytesPerRow)
          for (;;) {
            if (req.signal?.aborted === true) throw new RivetError('RIVET_INTERRUPTED', 'export interrupted', { details: { signal: String(req.signal.reason) } })
            const got = await (inFlight ?? fetchInto(asked))
            inFlight = undefined
            stats.fetches++
            const rows = batch.rowCount
            if (rows > 0) bytesPerRow = batch.byteSize / rows
            // A FETCH returning fewer rows than asked for means the cursor is exhausted.
            const more = got >= asked
            if (more) asked = pgFetchSize(req.tuning, workMem, bytesPerRow)
            if (more && pipeline) {
              inFlight = fetchInto(asked)
              // Awaited on the next turn (or drained by release()); this only keeps an early
              // rejection from being reported as unhandled while the batch is being written.
              inFlight.catch(() => undefined)
            }
            if (rows > 0) {
              stats.rows += rows
              yield batch.finish()
            }
            if (!more) break
            if (req.tuning.throttleMs > 0) await sleep(req.tuning.throttleMs)
          }
        }
        await wire?.release()
        wire = undefined
        await client.query('CLOSE _rivet; COMMIT')
        open = false
      } catch (err) {
        throw toQueryError(err)
      } finally {
        await wire?.release()
        await rollback()
      }
    }
    return stream
  } catch (err) {
    await rollback()
    throw err
  }
}

/** The FETCH of the driver path: node-postgres text rows decoded into the batch's builders. */
function driverFetch(client: pg.Client, builders: readonly ColumnBuilder[], decoders: readonly TextDecoder[], batch: BatchBuilder): (rows: number) => Promise<number> {
  return async (rows) => {
    const fetched = (await fetchRows(client, rows)).rows
    decodeRows(fetched, builders, decoders, batch)
    return fetched.length
  }
}

function decodeRows(rows: readonly (string | null)[][], builders: readonly ColumnBuilder[], decoders: readonly TextDecoder[], batch: BatchBuilder): void {
  const width = builders.length
  for (const row of rows) {
    for (let c = 0; c < width; c++) {
      const v = row[c]
      if (v === null || v === undefined) (builders[c] as ColumnBuilder).appendNull()
      else (decoders[c] as TextDecoder)(v)
    }
    batch.endRow()
  }
}
