import { createDestination } from '../destination/registry.js'
import { RivetError } from '../errors/index.js'
import { createFormat } from '../format/registry.js'
import { RunJournal } from '../journal/run-journal.js'
import { logger } from '../log/index.js'
import { schemaFingerprint } from '../manifest/manifest.js'
import { strategyLabel, type ResolvedRunPlan } from '../plan/run-plan.js'
import { MetaColumns } from '../enrich/index.js'
import { schemaColumns } from '../schema/schema-columns.js'
import { dialectFor } from '../source/dialect.js'
import { keysetPageQuery } from '../source/query.js'
import { createSource } from '../source/registry.js'
import type { Source } from '../source/source.js'
import type { AttemptHooks } from './export-attempt.js'
import { runAttempt } from './export-attempt.js'
import type { ExportResult } from './export-result.js'
import { crashPoint } from './fault-injection.js'
import { finishExport } from './finish-export.js'
import { keysetFileName } from './keyset-naming.js'
import { assertUsableKeysetKey } from './keyset-key.js'
import { fileTimestamp, runIdFor } from './naming.js'
import { withRetries } from './retry.js'
import type { CommittedPart } from './sink/export-sink.js'
import type { ExportDeps } from './single-export.js'

/**
 * Keyset (seek) pagination (D16): `WHERE key > last ORDER BY key LIMIT n`, one short
 * statement per page on one connection, one file per non-empty page, committed as soon as
 * the page is complete. Stops at an empty or short page. A page is retried on transient
 * errors with a fresh connection; a page never commits partially.
 */
export async function runKeysetExport(plan: ResolvedRunPlan, deps: ExportDeps): Promise<ExportResult> {
  if (plan.strategy.kind !== 'keyset') throw new RivetError('RIVET_INTERNAL', 'runKeysetExport needs a keyset plan')
  const { keyColumn, chunkSize } = plan.strategy
  const log = logger('rivet::pipeline', { export: plan.exportName })
  const startedAt = deps.now()
  const runId = runIdFor(plan.exportName, startedAt)
  const journal = new RunJournal(runId, plan.exportName, deps.now)
  deps.reporter.exportStarted(plan.exportName, runId)
  const format = createFormat(plan.output)
  const destination = await createDestination(plan.destination, { date: startedAt, exportName: plan.exportName, tableName: plan.table?.name, cwd: deps.cwd, ...(deps.env === undefined ? {} : { env: deps.env }) })
  const committed: CommittedPart[] = []
  const run = { rows: 0, retries: 0, fingerprint: 'xxh3:0000000000000000', validated: undefined as boolean | undefined, streamedBytes: 0 }
  const finish = (status: ExportResult['status'], error: unknown): Promise<ExportResult> =>
    finishExport({ plan, deps, destination, journal, log, runId, startedAt, committed, run, status, skipReason: undefined, error, schemaChanged: undefined })
  let source: Source | undefined
  try {
    source = await createSource(plan.source)
    await assertUsableKeysetKey(source, plan, keyColumn)
    const ts = fileTimestamp(startedAt)
    const d = dialectFor(plan.source.engine)
    const hooks: AttemptHooks = {
      onSchema: async (schema) => {
        const meta = await MetaColumns.create(schema, plan.metaColumns, startedAt)
        run.fingerprint = await schemaFingerprint(schemaColumns(meta.schema))
        return meta.schema === schema ? { observers: [] } : { observers: [], transform: meta }
      },
      progress: (rows, bytes) => {
        deps.reporter.progress(plan.exportName, run.rows + rows, bytes)
      },
    }
    let last: string | undefined
    for (let page = 0; ; page++) {
      const query = { query: keysetPageQuery(d, plan.baseQuery, keyColumn, last, chunkSize), cursorColumn: keyColumn, stripColumn: undefined }
      const attempt = await withRetries(plan, journal, log, run, async () => {
        if (source === undefined) source = await createSource(plan.source)
        try {
          return await runAttempt(plan, { destination, format, fileTs: ts, query, signal: deps.signal, hooks, fileName: '', tempHint: `${plan.exportName}_${ts}_keyset${page}`, source })
        } catch (err) {
          // A fresh connection for the retry; the failed one may be broken.
          await source.close().catch(() => undefined) // already failing: the retry reports
          source = undefined
          throw err
        }
      })
      const sink = attempt.sink
      if (sink === undefined) throw new RivetError('RIVET_PLAN_REJECTED', 'keyset pagination cannot write to a streaming destination')
      if (attempt.rows === 0) {
        await sink.abort()
        break
      }
      const taken = new Set((await destination.listPrefix?.())?.map((o) => o.key) ?? [])
      await sink.commit(
        (i, n) => keysetFileName(plan.exportName, ts, page, format.extension, n > 1 ? i : undefined, taken),
        async (part) => {
          crashPoint('after_file_write')
          committed.push(part)
          journal.record({ FileWritten: { file_name: part.fileName, rows: part.rows, bytes: part.bytes, part_index: committed.length - 1 } })
          await deps.state.files.insert({ runId, exportName: plan.exportName, fileName: part.fileName, rowCount: part.rows, bytes: part.bytes, format: plan.output.format, compression: plan.output.format === 'csv' ? null : plan.output.compression, createdAt: deps.now().toISOString() })
        },
      )
      run.rows += attempt.rows
      last = attempt.cursor
      if (attempt.rows < chunkSize || last === undefined) break
    }
    const at = deps.now().toISOString()
    await deps.state.progression.commit(plan.exportName, { strategy: strategyLabel(plan.strategy), cursor: last ?? null, chunkIndex: null, runId, at })
    for (const note of format.notes) log.warn(note)
    return await finish('success', undefined)
  } catch (err) {
    return await finish('failed', err)
  } finally {
    if (source !== undefined) await source.close()
  }
}
