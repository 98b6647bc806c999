import { ExitClass, RivetError, isRivetError, mostSevere, type ExitClass as ExitClassT } from '../errors/index.js'
import { logger } from '../log/index.js'
import { validatePlan } from '../plan/index.js'
import type { ResolvedRunPlan } from '../plan/run-plan.js'
import { redactSecrets } from '../redact/index.js'
import { openStateStore } from '../state/index.js'
import type { ExportResult, RunReporter } from './export-result.js'
import { runChunkedExport } from './chunked/run-chunked.js'
import { aggregateIdFor } from './naming.js'
import { runKeysetExport } from './keyset-export.js'
import { runSingleExport } from './single-export.js'

/** Run-aggregate JSON (L04), printed by `--json` and written by `--summary-output`. */
export interface RunAggregate {
  readonly run_aggregate_id: string
  readonly started_at: string
  readonly finished_at: string
  readonly duration_ms: number
  readonly config_path: string
  readonly parallel_mode: 'sequential'
  readonly total_exports: number
  readonly success_count: number
  readonly failed_count: number
  readonly skipped_count: number
  readonly total_rows: number
  readonly total_files: number
  readonly total_bytes: number
  readonly per_export: readonly {
    export_name: string
    status: string
    run_id: string
    rows: number
    files: number
    bytes: number
    duration_ms: number
    mode: string
    error_message: string | null
  }[]
}

export interface RunOutcome {
  readonly results: readonly ExportResult[]
  readonly aggregate: RunAggregate
  /** The error the process should exit with (A05), when any export failed. */
  readonly error: Error | undefined
}

function exitClassOf(err: unknown): ExitClassT {
  return isRivetError(err) ? err.exitClass : ExitClass.Generic
}

/**
 * Runs every selected export, even after one fails (A05), against one state store in the
 * config's directory. The process error is the most severe failure, with the others named.
 */
export async function runExports(
  plans: readonly ResolvedRunPlan[],
  opts: { configPath: string; configDir: string; cwd: string; reporter: RunReporter; env?: NodeJS.ProcessEnv; now?: () => Date; signal?: AbortSignal },
): Promise<RunOutcome> {
  const now = opts.now ?? (() => new Date())
  const log = logger('rivet::pipeline')
  const startedAt = now()
  for (const plan of plans) {
    const verdict = validatePlan(plan)
    for (const w of verdict.warnings) log.warn(`export '${plan.exportName}': ${w.message}`)
    for (const d of verdict.degraded) log.info(`export '${plan.exportName}': ${d.message}`)
  }
  const state = await openStateStore({ configDir: opts.configDir, env: opts.env })
  const results: ExportResult[] = []
  try {
    for (const plan of plans) {
      // AA.5: after a signal no new export starts; the one in flight stops at its next batch.
      if (opts.signal?.aborted === true) break
      const run = plan.strategy.kind === 'keyset' ? runKeysetExport : plan.strategy.kind === 'chunked' ? runChunkedExport : runSingleExport
      results.push(await run(plan, { state, reporter: opts.reporter, cwd: opts.cwd, now, ...(opts.signal === undefined ? {} : { signal: opts.signal }), ...(opts.env === undefined ? {} : { env: opts.env }) }))
    }
    const finishedAt = now()
    const aggregate = buildAggregate(results, opts.configPath, startedAt, finishedAt)
    await state.runAggregates.insert({
      runAggregateId: aggregate.run_aggregate_id,
      startedAt: aggregate.started_at,
      finishedAt: aggregate.finished_at,
      durationMs: aggregate.duration_ms,
      configPath: aggregate.config_path,
      parallelMode: aggregate.parallel_mode,
      totalExports: aggregate.total_exports,
      successCount: aggregate.success_count,
      failedCount: aggregate.failed_count,
      skippedCount: aggregate.skipped_count,
      totalRows: aggregate.total_rows,
      totalFiles: aggregate.total_files,
      totalBytes: aggregate.total_bytes,
      details: aggregate.per_export,
    })
    return { results, aggregate, error: aggregateError(results) }
  } finally {
    await state.close()
  }
}

function buildAggregate(results: readonly ExportResult[], configPath: string, startedAt: Date, finishedAt: Date): RunAggregate {
  const sum = (f: (r: ExportResult) => number): number => results.reduce((n, r) => n + f(r), 0)
  return {
    run_aggregate_id: aggregateIdFor(startedAt),
    started_at: startedAt.toISOString(),
    finished_at: finishedAt.toISOString(),
    duration_ms: finishedAt.getTime() - startedAt.getTime(),
    config_path: configPath,
    parallel_mode: 'sequential',
    total_exports: results.length,
    success_count: results.filter((r) => r.status === 'success').length,
    failed_count: results.filter((r) => r.status === 'failed').length,
    skipped_count: results.filter((r) => r.status === 'skipped').length,
    total_rows: sum((r) => r.rows),
    total_files: sum((r) => r.files.length),
    total_bytes: sum((r) => r.bytes),
    per_export: results.map((r) => ({
      export_name: r.exportName,
      status: r.status,
      run_id: r.runId,
      rows: r.rows,
      files: r.files.length,
      bytes: r.bytes,
      duration_ms: r.durationMs,
      mode: r.mode,
      error_message: r.error === undefined ? null : redactSecrets(r.error.message),
    })),
  }
}

/** A05: one failure is returned as is; several become one error carrying the most severe. */
function aggregateError(results: readonly ExportResult[]): Error | undefined {
  const failed = results.filter((r) => r.status === 'failed')
  if (failed.length === 0) return undefined
  // An interrupted run exits 130/143 whatever else failed before it (AA.5).
  const interrupted = failed.find((r) => isRivetError(r.error) && r.error.code === 'RIVET_INTERRUPTED')
  if (interrupted !== undefined) return interrupted.error
  if (failed.length === 1) return failed[0]?.error
  const worst = mostSevere(failed.map((r) => exitClassOf(r.error)))
  const representative = failed.find((r) => exitClassOf(r.error) === worst) ?? failed[0]
  const others = failed.filter((r) => r !== representative).map((r) => r.exportName)
  const repErr = representative?.error
  const message = `${failed.length} export(s) failed; representative error follows (also: ${others.join(', ')}): export '${representative?.exportName ?? '?'}': ${repErr?.message ?? 'unknown error'}`
  if (isRivetError(repErr)) return new RivetError(repErr.code, message, { hint: repErr.hint, retry: repErr.retry, cause: repErr.cause })
  return new RivetError('RIVET_UNCLASSIFIED', message, { cause: repErr })
}

