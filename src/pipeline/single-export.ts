import { createDestination } from '../destination/registry.js'
import type { Destination } from '../destination/destination.js'
import { RivetError } from '../errors/index.js'
import { createFormat } from '../format/registry.js'
import { RunJournal } from '../journal/run-journal.js'
import { logger, type Logger } from '../log/index.js'
import { schemaFingerprint, SUCCESS_FILENAME } from '../manifest/manifest.js'
import { strategyLabel, type ResolvedRunPlan } from '../plan/run-plan.js'
import { schemaColumns } from '../schema/schema-columns.js'
import type { StateStore } from '../state/state-store.js'
import { runAttempt, type AttemptHooks, type AttemptResult } from './export-attempt.js'
import type { ExportResult, RunReporter } from './export-result.js'
import { crashPoint } from './fault-injection.js'
import { exportChecks } from './export-checks.js'
import { finishExport } from './finish-export.js'
import { singleExportQuery } from './strategy-query.js'
import { fileTimestamp, runIdFor, singleFileName, untakenName } from './naming.js'
import { withRetries } from './retry.js'
import type { CommittedPart } from './sink/export-sink.js'

export interface ExportDeps {
  readonly state: StateStore
  readonly reporter: RunReporter
  readonly cwd: string
  readonly now: () => Date
  readonly signal?: AbortSignal
  /** Environment for credential indirection (`*_env` keys); defaults to the process's. */
  readonly env?: NodeJS.ProcessEnv
}

/** Checks that run on the finished temp parts, before anything is committed (N02). */
export interface ExportChecks {
  beforeCommit?(attempt: AttemptResult): Promise<void>
  /** Extra state writes in the commit transaction (schema snapshot, shape). */
  afterCommit?(state: StateStore, at: string): Promise<void>
  readonly schemaChanged?: () => boolean | undefined
}

/**
 * One non-chunked export, in the commit order of H01: temp parts complete → (validate) →
 * rename/upload → checksums → file_log → cursor + progression → metrics → manifest →
 * `_SUCCESS`. Transient source failures are retried with backoff (F01–F07) while nothing
 * is committed; a failure never moves state and never leaves a temp file behind.
 */
export async function runSingleExport(plan: ResolvedRunPlan, deps: ExportDeps): Promise<ExportResult> {
  const log = logger('rivet::pipeline', { export: plan.exportName })
  const startedAt = deps.now()
  const runId = runIdFor(plan.exportName, startedAt)
  const journal = new RunJournal(runId, plan.exportName, deps.now)
  deps.reporter.exportStarted(plan.exportName, runId)
  journal.record({ PlanResolved: { export_name: plan.exportName, base_query: plan.baseQuery, strategy: strategyLabel(plan.strategy), format: plan.output.format, compression: plan.output.compression, destination_type: plan.destination.type, tuning_profile: plan.tuning.profile, batch_size: plan.tuning.batchSize, validate: plan.flags.validate, reconcile: plan.flags.reconcile, resume: plan.flags.resume } })
  const format = createFormat(plan.output)
  const destination = await createDestination(plan.destination, { date: startedAt, exportName: plan.exportName, tableName: plan.table?.name, cwd: deps.cwd, ...(deps.env === undefined ? {} : { env: deps.env }) })
  const checks = exportChecks(plan, journal, log, deps.state, startedAt)
  const committed: CommittedPart[] = []
  const run = { rows: 0, retries: 0, fingerprint: 'xxh3:0000000000000000', validated: undefined as boolean | undefined, streamedBytes: 0 }
  const finish = (status: ExportResult['status'], skipReason: string | undefined, error: unknown): Promise<ExportResult> =>
    finishExport({ plan, deps, destination, journal, log, runId, startedAt, committed, run, status, skipReason, error, schemaChanged: checks.schemaChanged?.() })
  try {
    await warnOnRerun(destination, plan, log)
    const previousCursor = plan.strategy.kind === 'incremental' ? ((await deps.state.cursors.get(plan.exportName))?.lastCursorValue ?? undefined) : undefined
    const ts = fileTimestamp(startedAt)
    const hooks: AttemptHooks = {
      onSchema: (schema) => checks.onSchema(schema),
      progress: (rows, bytes) => {
        deps.reporter.progress(plan.exportName, rows, bytes)
      },
    }
    const attempt = await withRetries(plan, journal, log, run, () =>
      runAttempt(plan, { destination, format, fileTs: ts, query: singleExportQuery(plan, startedAt, previousCursor), signal: deps.signal, hooks, fileName: singleFileName(plan.exportName, ts, format.extension, undefined) }),
    )
    // AA.7: notes are complete only once the writer saw the schema.
    for (const note of format.notes) log.warn(note)
    run.rows = attempt.rows
    run.streamedBytes = attempt.streamedBytes
    run.fingerprint = await schemaFingerprint(schemaColumns(attempt.outputSchema))
    const sink = attempt.sink
    if (sink !== undefined) {
      try {
        if (attempt.rows === 0 && plan.output.skipEmpty) {
          await sink.abort()
          const reason = plan.strategy.kind === 'incremental' ? `no new rows since cursor '${plan.strategy.cursor.primaryColumn}'` : 'source returned 0 rows'
          return await finish('skipped', reason, undefined)
        }
        await checks.beforeCommit?.(attempt)
        if (plan.flags.validate) {
          for (const part of sink.parts) {
            const got = await format.countRows(part.staged.path)
            if (got !== part.rows) throw new RivetError('RIVET_VERIFY_ROW_COUNT', `validation failed: expected ${part.rows} rows, got ${got}`, { hint: 'the written file does not hold what was read; nothing was uploaded — rerun, and report it if it repeats' })
          }
          run.validated = true
          journal.record({ ValidationResult: { passed: true } })
        }
        const taken = new Set((await destination.listPrefix?.())?.map((o) => o.key) ?? [])
        await sink.commit(
          (i, n) => {
            const name = untakenName(singleFileName(plan.exportName, ts, format.extension, n > 1 ? i : undefined), taken)
            taken.add(name)
            return name
          },
          async (part) => {
            crashPoint('after_file_write')
            committed.push(part)
            journal.record({ FileWritten: { file_name: part.fileName, rows: part.rows, bytes: part.bytes, part_index: committed.length - 1 } })
            await deps.state.files.insert({ runId, exportName: plan.exportName, fileName: part.fileName, rowCount: part.rows, bytes: part.bytes, format: plan.output.format, compression: plan.output.format === 'csv' ? null : plan.output.compression, createdAt: deps.now().toISOString() })
          },
        )
      } finally {
        await sink.abort()
      }
    }
    crashPoint('after_manifest_update')
    // The cursor moves only after every file is at the destination, atomically with progression (H01).
    const at = deps.now().toISOString()
    const cursor = plan.strategy.kind === 'incremental' ? (attempt.cursor ?? previousCursor ?? null) : null
    await deps.state.transaction(async (tx) => {
      if (plan.strategy.kind === 'incremental') await tx.cursors.set(plan.exportName, cursor, at)
      await tx.progression.commit(plan.exportName, { strategy: strategyLabel(plan.strategy), cursor, chunkIndex: null, runId, at })
      await checks.afterCommit?.(tx, at)
    })
    crashPoint('after_cursor_commit')
    return await finish('success', undefined, undefined)
  } catch (err) {
    return await finish('failed', undefined, err)
  }
}

/** H09: a plain run into a prefix that already holds `_SUCCESS` proceeds with a WARN. */
async function warnOnRerun(destination: Destination, plan: ResolvedRunPlan, log: Logger): Promise<void> {
  if (plan.flags.resume || destination.getBytes === undefined) return
  if ((await destination.getBytes(SUCCESS_FILENAME)) !== undefined) {
    log.warn(`destination prefix '${destination.baseUri}' already has a prior completed run (_SUCCESS present); writing new timestamped files and replacing manifest.json/_SUCCESS`)
  }
}
