import { RivetError } from '../errors/index.js'
import type { ResolvedRunPlan } from './run-plan.js'

/** One finding of the plan gate (D02); `rule` is a stable id. */
export interface PlanIssue {
  readonly rule: string
  readonly message: string
}

export interface PlanValidation {
  readonly rejected: PlanIssue[]
  readonly warnings: PlanIssue[]
  readonly degraded: PlanIssue[]
}

/** D02: combinations that cannot work (rejected), may mislead (warnings) or lose a guarantee (degraded). */
export function validatePlan(plan: ResolvedRunPlan): PlanValidation {
  const rejected: PlanIssue[] = []
  const warnings: PlanIssue[] = []
  const degraded: PlanIssue[] = []
  const name = `export '${plan.exportName}'`
  const stdout = plan.destination.type === 'stdout'
  const kind = plan.strategy.kind

  if (stdout && plan.output.maxFileSizeBytes !== undefined) {
    rejected.push({ rule: 'stdout-no-split', message: `${name}: max_file_size cannot be used with stdout destination — file splitting requires named output files` })
  }
  if (stdout && kind === 'chunked') {
    rejected.push({ rule: 'stdout-no-chunked', message: `${name}: chunked mode cannot be used with stdout destination — each chunk produces a separate binary stream; concatenated output is unusable` })
  }
  if (stdout && kind === 'keyset') {
    rejected.push({ rule: 'stdout-no-keyset', message: `${name}: keyset pagination cannot be used with stdout destination — each page produces a separate binary stream; concatenated output is unusable` })
  }
  if (plan.flags.reconcile && kind === 'incremental') {
    warnings.push({
      rule: 'incremental-reconcile-mismatch',
      message: `${name}: reconcile runs COUNT(*) on the full base query but only rows newer than the cursor are exported; the count will always appear mismatched after the first run`,
    })
  }
  if (plan.flags.reconcile && kind === 'timeWindow') {
    warnings.push({
      rule: 'time-window-reconcile-mismatch',
      message: `${name}: reconcile runs COUNT(*) on the full base query but only rows within the configured time window are exported; the count will always appear mismatched`,
    })
  }
  if (plan.quality !== undefined && (kind === 'chunked' || kind === 'keyset')) {
    warnings.push({
      rule: 'quality-chunked-partial',
      message: `${name}: quality checks run per part file; row_count and unique_columns checks apply to each chunk independently, not the full dataset — results may be misleading`,
    })
  }
  if (plan.quality !== undefined && plan.quality.uniqueColumns.length > 0 && plan.quality.uniqueMaxEntries === undefined) {
    warnings.push({
      rule: 'quality-unique-no-cap',
      message: `${name}: unique_columns is configured without unique_max_entries — uniqueness tracking can grow unbounded on high-cardinality columns. Set unique_max_entries to cap memory usage (e.g. unique_max_entries: 1000000).`,
    })
  }
  if (plan.flags.resume && !(plan.strategy.kind === 'chunked' && plan.strategy.chunked.checkpoint)) {
    warnings.push({ rule: 'resume-no-checkpoint', message: `${name}: --resume has no effect unless strategy is chunked with chunk_checkpoint: true` })
  }
  if (plan.output.format === 'parquet' && plan.output.maxFileSizeBytes !== undefined && plan.output.parquet === undefined) {
    // G05: a Parquet writer's size is only known at row-group flushes.
    warnings.push({
      rule: 'parquet-max-file-size-coarse',
      message: `${name}: max_file_size is enforced for Parquet only at row-group boundaries; without a \`parquet:\` block a group holds up to ~64 MiB (estimated), so parts may exceed the limit by up to one row group — set \`parquet: { row_group_strategy: fixed_memory, target_row_group_mb: <smaller> }\` for tighter parts`,
    })
  }
  if (stdout) {
    degraded.push({ rule: 'stdout-manifest-phantom', message: `${name}: no manifest is written for a stdout destination (there is no file path to record or verify)` })
  }
  return { rejected, warnings, degraded }
}

/** Throws RIVET_PLAN_REJECTED listing every rejection of the plan; returns its validation otherwise. */
export function assertPlanAccepted(plan: ResolvedRunPlan): PlanValidation {
  const v = validatePlan(plan)
  if (v.rejected.length > 0) {
    const message =
      v.rejected.length === 1 ? `plan rejected: ${v.rejected[0]?.message ?? ''}` : `plan rejected (${v.rejected.length} problems):\n  - ${v.rejected.map((r) => r.message).join('\n  - ')}`
    throw new RivetError('RIVET_PLAN_REJECTED', message, {
      hint: 'use a file destination (`type: local`, `s3`, …) or remove the option stdout cannot honour',
      details: { export: plan.exportName, rejected: v.rejected.map((r) => ({ rule: r.rule, message: r.message })) },
    })
  }
  return v
}
