import { describe, expect, test } from 'vitest'
import { classifyFailure, httpStatusOf } from '../../../../src/destination/cloud/failure-kind.js'
import { toDestinationError } from '../../../../src/destination/cloud/cloud-error.js'
import { ExitClass } from '../../../../src/errors/exit-class.js'

const awsErr = (status: number, name: string): Error => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } })
const azureErr = (status: number): Error => Object.assign(new Error('rest'), { name: 'RestError', statusCode: status })
const gcsErr = (status: number): Error => Object.assign(new Error('api'), { name: 'ApiError', code: status })

describe('classifyFailure', () => {
  test('reads the status of AWS, Azure and Google SDK errors', () => {
    expect(httpStatusOf(awsErr(503, 'SlowDown'))).toBe(503)
    expect(httpStatusOf(azureErr(409))).toBe(409)
    expect(httpStatusOf(gcsErr(429))).toBe(429)
    expect(httpStatusOf(new Error('x'))).toBeUndefined()
  })

  test.each([
    [awsErr(403, 'AccessDenied'), 'auth'],
    [azureErr(401), 'auth'],
    [Object.assign(new Error('no creds'), { name: 'CredentialsProviderError' }), 'auth'],
    [gcsErr(404), 'not-found'],
    [awsErr(500, 'InternalError'), 'transient'],
    [azureErr(503), 'transient'],
    [gcsErr(408), 'transient'],
    [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'transient'],
    [new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ETIMEDOUT' }) }), 'transient'],
    [Object.assign(new Error('t'), { name: 'TimeoutError' }), 'transient'],
    [awsErr(400, 'InvalidArgument'), 'permanent'],
    ['a string', 'permanent'],
  ] as const)('%o → %s', (err, kind) => {
    expect(classifyFailure(err)).toBe(kind)
  })
})

describe('toDestinationError', () => {
  test('auth → RIVET_DEST_AUTH with the store hint', () => {
    const e = toDestinationError(awsErr(403, 'AccessDenied'), 'S3', "upload of 'k'", 'check creds')
    expect(e).toMatchObject({ code: 'RIVET_DEST_AUTH', hint: 'check creds' })
    expect(e.message).toContain("S3 destination: upload of 'k' was refused")
  })

  test('exhausted transient failures → RIVET_DEST_WRITE, retryable exit class', () => {
    const e = toDestinationError(azureErr(503), 'Azure', 'listing', 'h')
    expect(e.code).toBe('RIVET_DEST_WRITE')
    expect(e.exitClass).toBe(ExitClass.Retryable)
  })

  test('other failures → RIVET_DEST_WRITE with a hint', () => {
    const e = toDestinationError(gcsErr(404), 'GCS', 'upload', 'h')
    expect(e.code).toBe('RIVET_DEST_WRITE')
    expect(e.hint).toContain('`destination.bucket`')
  })
})
