import { describe, expect, it } from 'vitest'
import { TUNING_PROFILES, defaultProfileFor, mergeTuningConfig, resolveTuning } from '../../../src/tuning/index.js'

describe('tuning profiles (E01)', () => {
  it('match the reference values', () => {
    expect(TUNING_PROFILES.fast).toMatchObject({ batchSize: 50_000, throttleMs: 0, statementTimeoutS: 0, maxRetries: 1, retryBackoffMs: 1_000, lockTimeoutS: 0, memoryThresholdMb: 0 })
    expect(TUNING_PROFILES.balanced).toMatchObject({ batchSize: 10_000, throttleMs: 50, statementTimeoutS: 300, maxRetries: 3, retryBackoffMs: 2_000, lockTimeoutS: 30, memoryThresholdMb: 4_096 })
    expect(TUNING_PROFILES.safe).toMatchObject({ batchSize: 2_000, throttleMs: 500, statementTimeoutS: 120, maxRetries: 5, retryBackoffMs: 5_000, lockTimeoutS: 10, memoryThresholdMb: 2_048 })
    for (const p of Object.values(TUNING_PROFILES)) expect(p).toMatchObject({ maxValueMb: 256, adaptive: false, onBatchMemoryExceeded: 'warn' })
  })

  it('environment picks the default profile (C10)', () => {
    expect(defaultProfileFor('local')).toBe('fast')
    expect(defaultProfileFor('replica')).toBe('balanced')
    expect(defaultProfileFor('production')).toBe('balanced')
    expect(defaultProfileFor(undefined)).toBe('balanced')
  })
})

describe('mergeTuningConfig (C29)', () => {
  it('export fields win field by field', () => {
    expect(mergeTuningConfig({ profile: 'safe', batch_size: 100, throttle_ms: 5 }, { batch_size: 200, adaptive: true })).toEqual({
      profile: 'safe',
      batch_size: 200,
      throttle_ms: 5,
      adaptive: true,
    })
  })
  it('either side alone, or nothing', () => {
    expect(mergeTuningConfig(undefined, { max_retries: 2 })).toEqual({ max_retries: 2 })
    expect(mergeTuningConfig({ max_retries: 2 }, undefined)).toEqual({ max_retries: 2 })
    expect(mergeTuningConfig(undefined, undefined)).toBeUndefined()
  })
})

describe('resolveTuning', () => {
  it('profile defaults, then source, then export', () => {
    const t = resolveTuning({ profile: 'safe', max_retries: 9, max_value_mb: 0 }, { batch_size: 777 }, 'local')
    expect(t).toMatchObject({ profile: 'safe', batchSize: 777, maxRetries: 9, throttleMs: 500, maxValueMb: 0 })
  })
  it('no tuning at all: the environment default profile', () => {
    expect(resolveTuning(undefined, undefined, 'local')).toMatchObject({ profile: 'fast', batchSize: 50_000 })
    expect(resolveTuning(undefined, undefined, undefined)).toMatchObject({ profile: 'balanced', batchSize: 10_000, batchSizeMemoryMb: undefined })
  })
  it('an export profile overrides the source profile and keeps explicit fields', () => {
    const t = resolveTuning({ profile: 'fast', throttle_ms: 7 }, { profile: 'safe', batch_size_memory_mb: 64, on_batch_memory_exceeded: 'auto_shrink' }, undefined)
    expect(t).toMatchObject({ profile: 'safe', throttleMs: 7, batchSize: 2_000, batchSizeMemoryMb: 64, onBatchMemoryExceeded: 'auto_shrink', statementTimeoutS: 120 })
  })
})
