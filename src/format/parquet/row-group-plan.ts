import { type DataType, type Schema, Type } from 'apache-arrow'
import type { ParquetPlan } from '../../plan/run-plan.js'

/** Upper bound of rows per row group when no `parquet:` block is written (arrow-rs's default). */
export const DEFAULT_ROW_GROUP_ROWS = 1_048_576
/**
 * Without a `parquet:` block a row group also stays under this estimated size. The writer
 * buffers a whole row group in WebAssembly memory (which never shrinks), so 1M wide rows
 * would cost hundreds of MB; 64 MiB keeps a 1M-row export under the 256 MB RSS budget.
 */
export const DEFAULT_ROW_GROUP_BUDGET_MB = 64
const MIN_ROWS = 1_000
const MAX_ROWS = 10_000_000
const MIB = 1024 * 1024

/**
 * Rows per row group (G02): `fixed_rows` takes `row_group_rows`; `auto` and `fixed_memory`
 * divide the target size by the estimated row width, clamped to [1000, 10M] and capped by
 * `max_row_group_mb`.
 */
export function rowGroupRows(plan: ParquetPlan | undefined, schema: Schema): number {
  if (plan === undefined) {
    const byBudget = Math.floor((DEFAULT_ROW_GROUP_BUDGET_MB * MIB) / estimateRowBytes(schema))
    return Math.min(DEFAULT_ROW_GROUP_ROWS, Math.max(byBudget, MIN_ROWS))
  }
  if (plan.rowGroupStrategy === 'fixed_rows') return plan.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS
  const rowBytes = estimateRowBytes(schema)
  let rows = Math.floor((plan.targetRowGroupMb * MIB) / rowBytes)
  rows = Math.min(Math.max(rows, MIN_ROWS), MAX_ROWS)
  if (plan.maxRowGroupMb !== undefined) {
    rows = Math.min(rows, Math.max(Math.floor((plan.maxRowGroupMb * MIB) / rowBytes), MIN_ROWS))
  }
  return rows
}

/** Schema-only estimate of one row's in-memory bytes (strings guessed at 256), as upstream. */
export function estimateRowBytes(schema: Schema): number {
  let total = 0
  for (const f of schema.fields) total += typeBytes(f.type as DataType) + 1
  return Math.max(total, 1)
}

function typeBytes(type: DataType): number {
  const t = type as unknown as { bitWidth?: number; precision?: number }
  switch (type.typeId) {
    case Type.Bool:
      return 1
    case Type.Int:
      return (t.bitWidth ?? 32) / 8
    case Type.Float:
      return t.precision === 2 ? 8 : 4
    case Type.Date:
      return 4
    case Type.Time:
    case Type.Timestamp:
    case Type.Duration:
      return 8
    case Type.Decimal:
      return 16
    case Type.Utf8:
    case Type.Binary:
    case Type.LargeUtf8:
    case Type.LargeBinary:
      return 256
    default:
      return 64
  }
}
