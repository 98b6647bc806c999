import type { RetryClass } from '../errors/index.js'

/**
 * Backoff (F06): attempt k (1-based) sleeps `retry_backoff_ms × 2^(k−1) + extra_delay_ms`.
 * Pure; the loop lives in the export runner.
 */
export function backoffMs(attempt: number, baseMs: number, retry: RetryClass): number {
  const extra = retry.kind === 'transient' ? retry.extraDelayMs : 0
  return baseMs * 2 ** Math.max(0, attempt - 1) + extra
}

export function isTransient(retry: RetryClass): boolean {
  return retry.kind === 'transient'
}
