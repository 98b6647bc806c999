import type { SourceEnvironment, SourceTuning, TuningProfileName } from '../plan/run-plan.js'

type ProfileDefaults = Omit<SourceTuning, 'profile'>

const COMMON = {
  batchSizeMemoryMb: undefined,
  maxBatchMemoryMb: undefined,
  onBatchMemoryExceeded: 'warn',
  adaptive: false,
  minParallel: undefined,
  maxValueMb: 256,
} as const satisfies Partial<ProfileDefaults>

/** E01: the three built-in profiles. */
export const TUNING_PROFILES: Readonly<Record<TuningProfileName, ProfileDefaults>> = Object.freeze({
  fast: { ...COMMON, batchSize: 50_000, throttleMs: 0, statementTimeoutS: 0, maxRetries: 1, retryBackoffMs: 1_000, lockTimeoutS: 0, memoryThresholdMb: 0 },
  balanced: { ...COMMON, batchSize: 10_000, throttleMs: 50, statementTimeoutS: 300, maxRetries: 3, retryBackoffMs: 2_000, lockTimeoutS: 30, memoryThresholdMb: 4_096 },
  safe: { ...COMMON, batchSize: 2_000, throttleMs: 500, statementTimeoutS: 120, maxRetries: 5, retryBackoffMs: 5_000, lockTimeoutS: 10, memoryThresholdMb: 2_048 },
})

/** C10: the profile used when no `profile:` is written. */
export function defaultProfileFor(environment: SourceEnvironment | undefined): TuningProfileName {
  return environment === 'local' ? 'fast' : 'balanced'
}
