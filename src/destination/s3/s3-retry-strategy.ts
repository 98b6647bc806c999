import type { S3ClientConfig } from '@aws-sdk/client-s3'
import { logger } from '../../log/index.js'
import { classifyFailure } from '../cloud/failure-kind.js'
import { backoffDelayMs, type RetryPolicy } from '../cloud/retry.js'

/** The SDK's token-based retry strategy shape, taken from the client config type. */
type RetryStrategyV2 = Extract<NonNullable<S3ClientConfig['retryStrategy']>, { acquireInitialRetryToken: unknown }>
type RetryToken = Awaited<ReturnType<RetryStrategyV2['acquireInitialRetryToken']>>

function token(retryCount: number, delayMs: number): RetryToken {
  return { getRetryCount: () => retryCount, getRetryDelay: () => delayMs }
}

/**
 * The shared retry policy (H03) applied per S3 request, so a multipart upload retries
 * only the failing part instead of starting over. Same rules as the shared layer:
 * transient failures only, never 401/403/404.
 */
export function s3RetryStrategy(policy: RetryPolicy): RetryStrategyV2 {
  const log = logger('rivet::destination')
  return {
    acquireInitialRetryToken: () => Promise.resolve(token(0, 0)),
    refreshRetryTokenForRetry: (previous, info) => {
      const retry = previous.getRetryCount() + 1
      const err: unknown = info.error
      if (retry >= policy.attempts || classifyFailure(err) !== 'transient') {
        return Promise.reject(err instanceof Error ? err : new Error('S3 request failed'))
      }
      const delayMs = backoffDelayMs(policy, retry - 1)
      log.warn({ attempt: retry, delayMs }, `S3 request failed (${err instanceof Error ? err.message : String(err)}); retrying`)
      return Promise.resolve(token(retry, delayMs))
    },
    recordSuccess: () => undefined,
  }
}
