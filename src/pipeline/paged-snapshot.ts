import { setTimeout as sleep } from 'node:timers/promises'
import type { RecordBatch } from 'apache-arrow'
import type { Logger } from '../log/index.js'
import type { ResolvedRunPlan } from '../plan/run-plan.js'
import { dialectFor } from '../source/dialect.js'
import { keysetPageQuery } from '../source/query.js'
import type { BatchStream, ExportRequest, Source } from '../source/source.js'
import { mysqlUniqueKey } from './keyset-key.js'
import { pumpPages } from './page-pump.js'
import { nextPageRows, PAGE_BATCH_MIN_ROWS, PAGE_BATCHES } from './page-size.js'
import { CursorTracker } from './sink/cursor-tracker.js'

/**
 * MySQL full exports of a `table:` with a single-column unique NOT NULL key are read in key
 * pages inside ONE `START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY` — the same
 * snapshot as one streaming SELECT, but every statement stays short (source safety:
 * upstream holds one SELECT open for the whole export). A page is at most `batch_size` rows
 * and about `PAGE_BYTES` (page-size.ts) of data, so a table of 4 KB rows is read in ~1000-row pages
 * (the first page, 500 rows, measures the width). Other exports stream as before.
 */
export async function openExportStream(source: Source, plan: ResolvedRunPlan, request: ExportRequest, log: Logger): Promise<BatchStream> {
  const table = plan.table
  const pageable = plan.source.engine === 'mysql' && plan.strategy.kind === 'snapshot' && plan.queryOrigin === 'table'
  const key = pageable && table !== undefined ? await mysqlUniqueKey(source, table) : undefined
  if (key === undefined) return source.export(request)
  log.debug({ key }, 'paged snapshot: reading the table in key pages inside one consistent snapshot')
  return pagedSnapshot(source, plan, key, request)
}

async function pagedSnapshot(source: Source, plan: ResolvedRunPlan, key: string, request: ExportRequest): Promise<BatchStream> {
  const d = dialectFor(plan.source.engine)
  const page = (last: string | undefined, pageSize: number): ExportRequest => {
    const q = keysetPageQuery(d, plan.baseQuery, key, last, pageSize)
    // A page is read as a few batches, so the server streams the next one while the writer
    // encodes the current one (a page in one batch would make them take turns).
    const batchSize = Math.min(request.tuning.batchSize, Math.max(PAGE_BATCH_MIN_ROWS, Math.ceil(pageSize / PAGE_BATCHES)))
    // throttle_ms is applied here, between pages, once per batch_size rows (not per small batch).
    return { ...request, sql: q.sql, params: q.params, tuning: { ...request.tuning, batchSize, throttleMs: 0 } }
  }
  await source.queryScalar('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY')
  let open = true
  const end = async (sql: 'COMMIT' | 'ROLLBACK'): Promise<void> => {
    if (!open) return
    open = false
    await source.queryScalar(sql)
  }
  const openPage = (last: string | undefined, pageSize: number): Promise<BatchStream> => source.export(page(last, pageSize))
  const firstPageRows = nextPageRows(request.tuning.batchSize, undefined)
  let first: BatchStream
  try {
    first = await source.export(page(undefined, firstPageRows))
  } catch (err) {
    await end('ROLLBACK').catch(() => undefined) // the export error is the one to report
    throw err
  }
  const stats = { fetches: 0, rows: 0 }
  if (request.tuning.throttleMs === 0) {
    const pages = pumpPages({ first, firstPageRows, key, batchSize: request.tuning.batchSize, stats, openPage, end })
    return { schema: first.schema, mappings: first.mappings, stats, [Symbol.asyncIterator]: pages }
  }
  // Throttled: pages strictly one after another, with throttle_ms between batch_size rows.
  async function* pages(): AsyncGenerator<RecordBatch> {
    let current = first
    let pageSize = firstPageRows
    let sinceThrottle = 0
    try {
      for (;;) {
        stats.fetches++
        const tracker = new CursorTracker(current.schema, key)
        let rows = 0
        let bytes = 0
        for await (const batch of current) {
          tracker.observe(batch)
          rows += batch.numRows
          bytes += batch.data.byteLength
          stats.rows += batch.numRows
          yield batch
        }
        const last = rows >= pageSize ? tracker.value : undefined
        if (last === undefined) break
        pageSize = nextPageRows(request.tuning.batchSize, bytes / rows)
        sinceThrottle += rows
        if (sinceThrottle >= request.tuning.batchSize) {
          sinceThrottle = 0
          await sleep(request.tuning.throttleMs)
        }
        current = await openPage(last, pageSize)
      }
      await end('COMMIT')
    } finally {
      await end('ROLLBACK').catch(() => undefined) // an earlier failure is already propagating
    }
  }
  return { schema: first.schema, mappings: first.mappings, stats, [Symbol.asyncIterator]: () => pages() }
}
