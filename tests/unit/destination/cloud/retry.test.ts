import { describe, expect, test } from 'vitest'
import { RivetError } from '../../../../src/errors/index.js'
import { backoffDelayMs, DEFAULT_RETRY_POLICY, withRetry } from '../../../../src/destination/cloud/retry.js'

const s3Error = (status: number, name = 'Err'): Error => Object.assign(new Error(`status ${String(status)}`), { name, $metadata: { httpStatusCode: status } })

async function run(errors: Error[]): Promise<{ calls: number; sleeps: number[]; result: unknown }> {
  let calls = 0
  const sleeps: number[] = []
  const result = await withRetry(
    () => {
      const err = errors[calls++]
      return err === undefined ? Promise.resolve('ok') : Promise.reject(err)
    },
    DEFAULT_RETRY_POLICY,
    { sleep: (ms) => { sleeps.push(ms); return Promise.resolve() } },
  ).catch((e: unknown) => e)
  return { calls, sleeps, result }
}

describe('withRetry', () => {
  test('retries 5xx, 429 and connection resets, then succeeds', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    const r = await run([s3Error(503), s3Error(429), reset])
    expect(r).toMatchObject({ calls: 4, result: 'ok' })
    expect(r.sleeps).toHaveLength(3)
  })

  test('gives up after 5 attempts and rethrows the last error', async () => {
    const errs = [1, 2, 3, 4, 5, 6].map(() => s3Error(500))
    const r = await run(errs)
    expect(r.calls).toBe(5)
    expect(r.result).toBe(errs[4])
  })

  test.each([
    ['401', s3Error(401)],
    ['403', s3Error(403, 'AccessDenied')],
    ['404', s3Error(404, 'NoSuchBucket')],
    ['400', s3Error(400)],
    ['a coded RivetError', new RivetError('RIVET_DEST_INTEGRITY', 'x')],
  ])('never retries %s', async (_label, err) => {
    const r = await run([err])
    expect(r).toMatchObject({ calls: 1, result: err })
    expect(r.sleeps).toEqual([])
  })
})

describe('backoffDelayMs', () => {
  test('jittered exponential, within 200 ms – 10 s', () => {
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 0, () => 1)).toBe(200)
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 3, () => 1)).toBe(1600)
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 3, () => 0.5)).toBe(800)
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 20, () => 1)).toBe(10_000)
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 4, () => 0)).toBe(200)
    for (let i = 0; i < 200; i++) {
      const d = backoffDelayMs(DEFAULT_RETRY_POLICY, i % 10)
      expect(d).toBeGreaterThanOrEqual(200)
      expect(d).toBeLessThanOrEqual(10_000)
    }
  })
})
