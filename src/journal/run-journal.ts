import type { JsonValue } from '../json/json-value.js'
import { redactDeep } from '../redact/index.js'

/**
 * The run journal (L06): ordered, timestamped events of one export run, persisted as JSON in
 * `run_journal`. The shape mirrors upstream (`{"event": {"FileWritten": {...}}}`) so journals
 * read the same in both tools. Redacted before persisting.
 */
export type RunEvent =
  | { PlanResolved: { export_name: string; base_query: string; strategy: string; format: string; compression: string; destination_type: string; tuning_profile: string; batch_size: number; validate: boolean; reconcile: boolean; resume: boolean } }
  | { PlanWarning: { rule: string; message: string } }
  | { FileWritten: { file_name: string; rows: number; bytes: number; part_index: number } }
  | { ChunkStarted: { chunk_index: number; start_key: string; end_key: string } }
  | { ChunkCompleted: { chunk_index: number; rows: number; file_name: string | null } }
  | { ChunkFailed: { chunk_index: number; error: string; attempt: number } }
  | { RetryAttempted: { attempt: number; reason: string; backoff_ms: number } }
  | { QualityIssue: { severity: string; message: string } }
  | { SchemaChanged: { added: string[]; removed: string[]; type_changed: [string, string, string][] } }
  | { Warning: { context: string; message: string } }
  | { ParallelismAdjusted: { from: number; to: number; reason: string } }
  | { ValidationResult: { passed: boolean } }
  | { ReconciliationResult: { source_count: number; exported_rows: number; matched: boolean } }
  | { RunCompleted: { status: string; error_message: string | null; duration_ms: number } }

export interface JournalEntry {
  readonly recorded_at: string
  readonly event: RunEvent
}

export class RunJournal {
  readonly runId: string
  readonly exportName: string
  readonly #entries: JournalEntry[] = []
  readonly #now: () => Date

  constructor(runId: string, exportName: string, now: () => Date = () => new Date()) {
    this.runId = runId
    this.exportName = exportName
    this.#now = now
  }

  record(event: RunEvent): void {
    this.#entries.push({ recorded_at: this.#now().toISOString(), event })
  }

  get entries(): readonly JournalEntry[] {
    return this.#entries
  }

  toJSON(): JsonValue {
    return redactDeep({ run_id: this.runId, export_name: this.exportName, entries: this.#entries }) as unknown as JsonValue
  }
}
