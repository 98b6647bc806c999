import { classifyFailure } from './failure-kind.js'

/** Retry budget for one store request (H03: 5 attempts, 200 ms – 10 s, jittered). */
export interface RetryPolicy {
  readonly attempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ attempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 })

/** For stores whose client already retries each request with the policy above. */
export const NO_RETRY: RetryPolicy = Object.freeze({ attempts: 1, baseDelayMs: 0, maxDelayMs: 0 })

/** "Full jitter" backoff: uniform in [0, min(max, base·2^n)], never below `base`. */
export function backoffDelayMs(policy: RetryPolicy, retryIndex: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex)
  return Math.max(policy.baseDelayMs, Math.round(ceiling * random()))
}

export interface RetryHooks {
  readonly onRetry?: (err: unknown, attempt: number, delayMs: number) => void
  readonly sleep?: (ms: number) => Promise<void>
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Runs `op` until it succeeds, fails with a non-transient error (auth, 404, client
 * error, coded RivetError) or the attempts run out; the last error is rethrown as is.
 */
export async function withRetry<T>(op: () => Promise<T>, policy: RetryPolicy, hooks: RetryHooks = {}): Promise<T> {
  const sleep = hooks.sleep ?? defaultSleep
  for (let attempt = 1; ; attempt++) {
    try {
      return await op()
    } catch (err) {
      if (attempt >= policy.attempts || classifyFailure(err) !== 'transient') throw err
      const delay = backoffDelayMs(policy, attempt - 1)
      hooks.onRetry?.(err, attempt, delay)
      await sleep(delay)
    }
  }
}
