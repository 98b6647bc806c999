import type { ExportConfig } from '../config/index.js'
import type { ExtractionStrategy, SourceTuning } from './run-plan.js'

/** D01: the tagged strategy for a validated export. Introspection-dependent choices stay for run time. */
export function resolveStrategy(e: ExportConfig, tuning: SourceTuning): ExtractionStrategy {
  switch (e.mode) {
    case 'full':
      return { kind: 'snapshot' }
    case 'incremental':
      return {
        kind: 'incremental',
        cursor: { primaryColumn: required(e.cursor_column, 'cursor_column'), fallbackColumn: e.cursor_fallback_column, mode: e.incremental_cursor_mode },
      }
    case 'time_window':
      return {
        kind: 'timeWindow',
        column: required(e.time_column, 'time_column'),
        columnType: e.time_column_type,
        daysWindow: required(e.days_window, 'days_window'),
      }
    case 'chunked':
      if (e.chunk_by_key !== undefined) return { kind: 'keyset', keyColumn: e.chunk_by_key, chunkSize: e.chunk_size }
      return {
        kind: 'chunked',
        chunked: {
          column: e.chunk_column,
          chunkSize: e.chunk_size,
          chunkSizeMemoryMb: e.chunk_size_memory_mb,
          chunkCount: e.chunk_count,
          parallel: e.parallel,
          dense: e.chunk_dense,
          byDays: e.chunk_by_days,
          checkpoint: e.chunk_checkpoint,
          maxAttempts: e.chunk_max_attempts ?? Math.max(1, tuning.maxRetries + 1),
          shapeExplicit: e.chunk_column !== undefined || e.chunk_count !== undefined || e.chunk_by_days !== undefined || e.chunk_checkpoint,
        },
      }
  }
}

/** The config validation guarantees these; a miss here is a bug, not a user error. */
function required<T>(value: T | undefined, key: string): T {
  if (value === undefined) throw new TypeError(`plan: validated export lacks '${key}'`)
  return value
}
