import type { Destination } from '../destination/destination.js'
import { ExitClass, RivetError, isRivetError } from '../errors/index.js'
import type { RunJournal } from '../journal/run-journal.js'
import type { Logger } from '../log/index.js'
import { strategyLabel, type ResolvedRunPlan } from '../plan/run-plan.js'
import { redactSecrets } from '../redact/index.js'
import { asError, fullMessageOf } from './error-text.js'
import { peakRssMb, type ExportResult } from './export-result.js'
import { writeManifest } from './finalize.js'
import { writeRunReport } from './run-report.js'
import type { ExportDeps } from './single-export.js'
import type { CommittedPart } from './sink/export-sink.js'

/**
 * The tail of every export run, success or not: metrics row (L05), journal (L06),
 * manifest + `_SUCCESS` (J01–J03), report files (L03), then the reporter. On the failure
 * path a broken step is logged and never hides the original error.
 */
export async function finishExport(o: {
  plan: ResolvedRunPlan
  deps: ExportDeps
  destination: Destination
  journal: RunJournal
  log: Logger
  runId: string
  startedAt: Date
  committed: readonly CommittedPart[]
  run: { rows: number; retries: number; fingerprint: string; validated: boolean | undefined; streamedBytes: number }
  status: ExportResult['status']
  skipReason: string | undefined
  error: unknown
  schemaChanged: boolean | undefined
}): Promise<ExportResult> {
  const { plan, deps, committed } = o
  const error = o.error === undefined ? undefined : duplicateGuard(asError(o.error), committed.length)
  const finishedAt = deps.now()
  const interrupted = isRivetError(error) && error.code === 'RIVET_INTERRUPTED'
  const errorText = error === undefined ? null : redactSecrets(fullMessageOf(error))
  const result: ExportResult = {
    exportName: plan.exportName,
    runId: o.runId,
    status: o.status,
    skipReason: o.skipReason,
    mode: strategyLabel(plan.strategy),
    startedAt: o.startedAt,
    finishedAt,
    durationMs: finishedAt.getTime() - o.startedAt.getTime(),
    rows: o.status === 'success' ? o.run.rows : committed.reduce((n, p) => n + p.rows, 0),
    files: committed,
    bytes: committed.reduce((n, p) => n + p.bytes, 0) + o.run.streamedBytes,
    peakRssMb: peakRssMb(),
    retries: o.run.retries,
    tuningProfile: plan.tuning.profile,
    batchSize: plan.tuning.batchSize,
    format: plan.output.format,
    compression: plan.output.format === 'csv' ? 'none' : plan.output.compression,
    outputUri: o.destination.baseUri,
    schemaChanged: o.schemaChanged,
    validated: o.run.validated,
    error,
    reportPath: undefined,
  }
  const step = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
    if (error === undefined) {
      await fn()
      return
    }
    try {
      await fn()
    } catch (stepErr) {
      o.log.error({ err: redactSecrets(String(stepErr)) }, `could not write the ${what} of the failed run`)
    }
  }
  o.journal.record({ RunCompleted: { status: o.status, error_message: errorText, duration_ms: result.durationMs } })
  await step('metrics row', () =>
    deps.state.metrics.insert({
      exportName: plan.exportName,
      runId: o.runId,
      runAt: o.startedAt.toISOString(),
      durationMs: result.durationMs,
      totalRows: result.rows,
      peakRssMb: result.peakRssMb,
      status: o.status,
      errorMessage: errorText,
      tuningProfile: plan.tuning.profile,
      format: plan.output.format,
      mode: result.mode,
      filesProduced: committed.length,
      bytesWritten: result.bytes,
      retries: o.run.retries,
      validated: o.run.validated ?? null,
      schemaChanged: o.schemaChanged ?? null,
    }),
  )
  await step('journal', () => deps.state.journal.put(o.runId, plan.exportName, finishedAt.toISOString(), o.journal.toJSON()))
  await step('manifest', () =>
    writeManifest({
      destination: o.destination,
      plan,
      runId: o.runId,
      startedAt: o.startedAt,
      finishedAt,
      status: o.status === 'success' ? 'success' : interrupted || o.status === 'skipped' ? 'interrupted' : 'failed',
      schemaFingerprint: o.run.fingerprint,
      parts: committed,
    }),
  )
  let reportPath: string | undefined
  try {
    reportPath = await writeRunReport(plan, result)
  } catch (reportErr) {
    // The report is evidence, not data: losing it never fails the run.
    o.log.warn({ err: redactSecrets(String(reportErr)) }, 'could not write the run report')
  }
  const final = { ...result, reportPath }
  deps.reporter.exportFinished(final)
  return final
}

/**
 * F08: once a file of this run is at the destination, a transient failure must not invite a
 * blind rerun that would export those rows again — it becomes a data-integrity stop (exit 3).
 */
export function duplicateGuard(err: Error, committedFiles: number): Error {
  if (committedFiles === 0 || !isRivetError(err) || err.exitClass !== ExitClass.Retryable) return err
  return new RivetError('RIVET_DUPLICATE_GUARD', `transient error after ${committedFiles} file(s) written to destination — cannot safely retry (would duplicate rows): ${err.message}`, {
    cause: err,
    hint: 'check the destination, then rerun knowing the files listed in manifest.json are already delivered (or use `chunk_checkpoint: true` with `--resume`)',
  })
}
