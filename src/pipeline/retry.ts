import { setTimeout as sleep } from 'node:timers/promises'
import { isRivetError, type RetryClass } from '../errors/index.js'
import type { RunJournal } from '../journal/run-journal.js'
import type { Logger } from '../log/index.js'
import type { ResolvedRunPlan } from '../plan/run-plan.js'
import { redactSecrets } from '../redact/index.js'

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

/** F06–F08: retry transient failures with backoff while nothing is committed. */
export async function withRetries<T>(plan: ResolvedRunPlan, journal: RunJournal, log: Logger, run: { retries: number }, attempt: () => Promise<T>): Promise<T> {
  for (let k = 1; ; k++) {
    try {
      return await attempt()
    } catch (err) {
      if (!isRivetError(err) || err.retry.kind !== 'transient' || err.code === 'RIVET_INTERRUPTED') throw err
      // F07: a source that cannot be reached at all on the first attempt fails fast.
      if (err.code === 'RIVET_SOURCE_UNREACHABLE' && k === 1) throw err
      if (k > plan.tuning.maxRetries) throw err
      const wait = backoffMs(k, plan.tuning.retryBackoffMs, err.retry)
      run.retries++
      journal.record({ RetryAttempted: { attempt: k, reason: redactSecrets(err.message), backoff_ms: wait } })
      log.warn(`transient failure (attempt ${k} of ${plan.tuning.maxRetries + 1}), retrying in ${wait} ms: ${redactSecrets(err.message)}`)
      await sleep(wait)
    }
  }
}

