import type { TuningConfig } from '../config/schema/tuning.js'
import type { SourceEnvironment, SourceTuning } from '../plan/run-plan.js'
import { mergeTuningConfig } from './merge.js'
import { TUNING_PROFILES, defaultProfileFor } from './profiles.js'

/**
 * E01/E02/C29: profile defaults, then the merged source+export tuning fields. The profile is the
 * merged `profile`, else the environment default (C10), else balanced.
 */
export function resolveTuning(
  source: TuningConfig | undefined,
  exportTuning: TuningConfig | undefined,
  environment: SourceEnvironment | undefined,
): SourceTuning {
  const t = mergeTuningConfig(source, exportTuning) ?? {}
  const profile = t.profile ?? defaultProfileFor(environment)
  const base = TUNING_PROFILES[profile]
  return {
    profile,
    batchSize: t.batch_size ?? base.batchSize,
    batchSizeMemoryMb: t.batch_size_memory_mb,
    throttleMs: t.throttle_ms ?? base.throttleMs,
    statementTimeoutS: t.statement_timeout_s ?? base.statementTimeoutS,
    maxRetries: t.max_retries ?? base.maxRetries,
    retryBackoffMs: t.retry_backoff_ms ?? base.retryBackoffMs,
    lockTimeoutS: t.lock_timeout_s ?? base.lockTimeoutS,
    memoryThresholdMb: t.memory_threshold_mb ?? base.memoryThresholdMb,
    maxBatchMemoryMb: t.max_batch_memory_mb,
    onBatchMemoryExceeded: t.on_batch_memory_exceeded ?? base.onBatchMemoryExceeded,
    adaptive: t.adaptive ?? base.adaptive,
    minParallel: t.min_parallel ?? base.minParallel,
    maxValueMb: t.max_value_mb ?? base.maxValueMb,
  }
}
