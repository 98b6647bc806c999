import type { RunStatus } from '../state/state-store.js'
import type { StrategyLabel } from '../plan/run-plan.js'
import type { CommittedPart } from './sink/export-sink.js'

/** What one export run produced; rendered by the CLI, persisted as metrics and reports. */
export interface ExportResult {
  readonly exportName: string
  readonly runId: string
  readonly status: RunStatus
  /** `skipped (<reason>)` text (L02). */
  readonly skipReason: string | undefined
  readonly mode: StrategyLabel
  readonly startedAt: Date
  readonly finishedAt: Date
  readonly durationMs: number
  readonly rows: number
  readonly files: readonly CommittedPart[]
  readonly bytes: number
  readonly peakRssMb: number
  readonly retries: number
  readonly tuningProfile: string
  readonly batchSize: number
  readonly format: string
  readonly compression: string
  /** Destination root URI (`file://./out`). */
  readonly outputUri: string
  readonly schemaChanged: boolean | undefined
  readonly validated: boolean | undefined
  readonly error: Error | undefined
  readonly reportPath: string | undefined
}

/**
 * Progress and lifecycle events of a run. The CLI implements it (TTY progress bar, plain
 * lines, summary cards); the pipeline never prints.
 */
export interface RunReporter {
  exportStarted(exportName: string, runId: string): void
  progress(exportName: string, rows: number, bytes: number): void
  exportFinished(result: ExportResult): void
}

export const SILENT_REPORTER: RunReporter = {
  exportStarted: () => undefined,
  progress: () => undefined,
  exportFinished: () => undefined,
}

/** Peak resident set size of this process so far, in MiB (E09). */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024)
}
