import type { QualityPlan } from '../plan/run-plan.js'
import type { QualityVerdict } from './quality-tracker.js'

/** `row_count N below minimum M` / `row_count N exceeds maximum M` (bounds inclusive). */
export function rowCountFailures(totalRows: number, plan: QualityPlan): string[] {
  const out: string[] = []
  if (plan.rowCountMin !== undefined && totalRows < plan.rowCountMin) out.push(`row_count ${totalRows} below minimum ${plan.rowCountMin}`)
  if (plan.rowCountMax !== undefined && totalRows > plan.rowCountMax) out.push(`row_count ${totalRows} exceeds maximum ${plan.rowCountMax}`)
  return out
}

/**
 * The chunked-mode gate (N02): chunks are exported independently, so only the aggregate
 * row count is checked after all chunks; configured null-ratio / uniqueness rules yield one
 * warning instead. Failures go to `qualityGateError(name, failures, 'chunked aggregate')`.
 */
export function chunkedQualityVerdict(exportName: string, plan: QualityPlan, totalRows: number): QualityVerdict {
  const warnings =
    plan.nullRatioMax.length > 0 || plan.uniqueColumns.length > 0
      ? [
          `export '${exportName}': quality checks null_ratio_max and unique_columns are not supported in chunked mode ` +
            '(each chunk processes independently); only row_count bounds are checked',
        ]
      : []
  return { failures: rowCountFailures(totalRows, plan), warnings }
}
