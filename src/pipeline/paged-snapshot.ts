import type { RecordBatch } from 'apache-arrow'
import type { Logger } from '../log/index.js'
import type { ResolvedRunPlan } from '../plan/run-plan.js'
import { dialectFor } from '../source/dialect.js'
import { keysetPageQuery } from '../source/query.js'
import type { BatchStream, ExportRequest, Source } from '../source/source.js'
import { mysqlUniqueKey } from './keyset-key.js'
import { CursorTracker } from './sink/cursor-tracker.js'

/**
 * MySQL full exports of a `table:` with a single-column unique NOT NULL key are read in key
 * pages of `batch_size` rows inside ONE `START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY`
 * — the same snapshot as one streaming SELECT, but every statement stays short (source
 * safety: upstream holds one SELECT open for the whole export). Other exports stream as before.
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
  const pageSize = Math.max(1, request.tuning.batchSize)
  const page = (last: string | undefined): ExportRequest => {
    const q = keysetPageQuery(d, plan.baseQuery, key, last, pageSize)
    return { ...request, sql: q.sql, params: q.params }
  }
  await source.queryScalar('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY')
  let open = true
  const end = async (sql: 'COMMIT' | 'ROLLBACK'): Promise<void> => {
    if (!open) return
    open = false
    await source.queryScalar(sql)
  }
  let first: BatchStream
  try {
    first = await source.export(page(undefined))
  } catch (err) {
    await end('ROLLBACK').catch(() => undefined) // the export error is the one to report
    throw err
  }
  const stats = { fetches: 0, rows: 0 }
  async function* pages(): AsyncGenerator<RecordBatch> {
    let stream = first
    try {
      for (;;) {
        stats.fetches++
        const tracker = new CursorTracker(stream.schema, key)
        let rows = 0
        for await (const batch of stream) {
          tracker.observe(batch)
          rows += batch.numRows
          stats.rows += batch.numRows
          yield batch
        }
        if (rows < pageSize || tracker.value === undefined) break
        stream = await source.export(page(tracker.value))
      }
      await end('COMMIT')
    } finally {
      await end('ROLLBACK').catch(() => undefined) // an earlier failure is already propagating
    }
  }
  return { schema: first.schema, mappings: first.mappings, stats, [Symbol.asyncIterator]: () => pages() }
}
