import { describe, expect, test } from 'vitest'
import { DEFAULT_RETRY_POLICY } from '../../../../src/destination/cloud/retry.js'
import { s3RetryStrategy } from '../../../../src/destination/s3/s3-retry-strategy.js'

const err = (status: number, name = 'E'): Error => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } })

describe('s3RetryStrategy', () => {
  test('retries transient failures with 200 ms – 10 s backoff, 5 attempts in all', async () => {
    const s = s3RetryStrategy(DEFAULT_RETRY_POLICY)
    let t = await s.acquireInitialRetryToken('')
    expect(t.getRetryCount()).toBe(0)
    for (let i = 1; i <= 4; i++) {
      t = await s.refreshRetryTokenForRetry(t, { errorType: 'SERVER_ERROR', error: err(503, 'SlowDown') as never })
      expect(t.getRetryCount()).toBe(i)
      expect(t.getRetryDelay()).toBeGreaterThanOrEqual(200)
      expect(t.getRetryDelay()).toBeLessThanOrEqual(10_000)
    }
    const last = err(500)
    await expect(s.refreshRetryTokenForRetry(t, { errorType: 'SERVER_ERROR', error: last as never })).rejects.toBe(last)
  })

  test.each([[err(403, 'AccessDenied')], [err(401)], [err(404, 'NoSuchKey')], [err(400)]])('never retries %o', async (e) => {
    const s = s3RetryStrategy(DEFAULT_RETRY_POLICY)
    const t = await s.acquireInitialRetryToken('')
    await expect(s.refreshRetryTokenForRetry(t, { errorType: 'CLIENT_ERROR', error: e as never })).rejects.toBe(e)
  })
})
