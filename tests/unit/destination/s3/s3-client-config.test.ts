import { afterEach, describe, expect, test } from 'vitest'
import { s3ClientSetup } from '../../../../src/destination/s3/s3-client-config.js'
import { S3_MAX_PARTS, S3_MIN_PART_BYTES, s3PartSize } from '../../../../src/destination/s3/s3-part-size.js'
import { clearRegisteredSecrets, redactSecrets } from '../../../../src/redact/index.js'
import { destinationPlan } from '../plan-fixture.js'

afterEach(() => {
  clearRegisteredSecrets()
})

describe('S3 credentials precedence (H04)', () => {
  const env = { AK: 'AKIAEXAMPLEKEY', SK: 'secret-access-key-value', ST: 'session-token-value' }

  test('access_key_env + secret_key_env (+ session_token_env) win over a profile', () => {
    const s = s3ClientSetup(destinationPlan('s3', { accessKeyEnv: 'AK', secretKeyEnv: 'SK', sessionTokenEnv: 'ST', awsProfile: 'prod' }), env)
    expect(s.credentialSource).toBe('env-keys')
    expect(s.config.credentials).toEqual({ accessKeyId: 'AKIAEXAMPLEKEY', secretAccessKey: 'secret-access-key-value', sessionToken: 'session-token-value' })
    expect(s.config.profile).toBeUndefined()
  })

  test('the secrets read are registered for redaction', () => {
    s3ClientSetup(destinationPlan('s3', { accessKeyEnv: 'AK', secretKeyEnv: 'SK' }), env)
    expect(redactSecrets('got secret-access-key-value here')).toBe('got REDACTED here')
  })

  test('a named env var that is unset → RIVET_CONFIG_SECRET_UNSET naming the variable', () => {
    let err: unknown
    try {
      s3ClientSetup(destinationPlan('s3', { accessKeyEnv: 'AK', secretKeyEnv: 'MISSING' }), { ...env, MISSING: '' })
    } catch (e) {
      err = e
    }
    expect(err).toMatchObject({ code: 'RIVET_CONFIG_SECRET_UNSET', message: expect.stringContaining("'MISSING'") as unknown })
  })

  test('then aws_profile, then the default chain', () => {
    expect(s3ClientSetup(destinationPlan('s3', { awsProfile: 'prod' }), {}).config.profile).toBe('prod')
    const d = s3ClientSetup(destinationPlan('s3'), {})
    expect(d.credentialSource).toBe('default-chain')
    expect(d.config.credentials).toBeUndefined()
  })

  test('allow_anonymous sends unsigned requests', async () => {
    const s = s3ClientSetup(destinationPlan('s3', { allowAnonymous: true, endpoint: 'http://127.0.0.1:9000' }), {})
    expect(s.credentialSource).toBe('anonymous')
    const request = { headers: {} }
    const signer = s.config.signer as { sign: (r: unknown) => Promise<unknown> }
    expect(await signer.sign(request)).toBe(request)
  })

  test('region from the plan, else AWS_REGION, else us-east-1; custom endpoints use path style', () => {
    expect(s3ClientSetup(destinationPlan('s3', { region: 'eu-west-3' }), { AWS_REGION: 'x' }).config.region).toBe('eu-west-3')
    expect(s3ClientSetup(destinationPlan('s3'), { AWS_REGION: 'ap-south-1' }).config.region).toBe('ap-south-1')
    expect(s3ClientSetup(destinationPlan('s3'), {}).config.region).toBe('us-east-1')
    const c = s3ClientSetup(destinationPlan('s3', { endpoint: 'http://127.0.0.1:9000' }), {}).config
    expect(c).toMatchObject({ endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, maxAttempts: 5 })
  })
})

describe('s3PartSize', () => {
  test('at least 8 MiB, and never more than 10,000 parts', () => {
    expect(s3PartSize(100 * 1024 * 1024)).toBe(S3_MIN_PART_BYTES)
    for (const size of [80e9, 200e9, 5e12]) {
      const part = s3PartSize(size)
      expect(Math.ceil(size / part)).toBeLessThanOrEqual(S3_MAX_PARTS)
      expect(part % (1024 * 1024)).toBe(0)
    }
  })
})
