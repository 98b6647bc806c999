import type { S3ClientConfig } from '@aws-sdk/client-s3'
import type { DestinationPlan } from '../../plan/run-plan.js'
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../cloud/retry.js'
import { readSecretEnv } from '../cloud/secret-env.js'
import { s3RetryStrategy } from './s3-retry-strategy.js'

/** How the S3 client authenticates (H04), for logs and tests — never the secret itself. */
export type S3CredentialSource = 'anonymous' | 'env-keys' | 'profile' | 'default-chain'

export interface S3ClientSetup {
  readonly config: S3ClientConfig
  readonly credentialSource: S3CredentialSource
}

/**
 * S3 client configuration from the plan. Credentials precedence (H04): anonymous →
 * `access_key_env` + `secret_key_env` (+ `session_token_env`) → `aws_profile` → the
 * default AWS chain (env, shared config, IMDS/ECS). Retries run per request with the
 * shared policy (see {@link s3RetryStrategy}).
 */
export function s3ClientSetup(plan: DestinationPlan, env: NodeJS.ProcessEnv, retry: RetryPolicy = DEFAULT_RETRY_POLICY): S3ClientSetup {
  const region = plan.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1'
  const base: S3ClientConfig = {
    region,
    maxAttempts: retry.attempts,
    retryStrategy: s3RetryStrategy(retry),
    // A silent store must fail (and be retried), not hang the export.
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000 },
    // S3-compatible stores often reject the SDK's default trailing checksums; Content-MD5 and
    // the post-upload size/MD5 comparison still guard the bytes there.
    ...(plan.endpoint === undefined
      ? {}
      : { endpoint: plan.endpoint, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
  }
  if (plan.allowAnonymous) {
    return {
      credentialSource: 'anonymous',
      config: {
        ...base,
        credentials: { accessKeyId: '', secretAccessKey: '' },
        // Requests leave unsigned: public buckets and emulators accept them.
        signer: { sign: (request) => Promise.resolve(request) },
      },
    }
  }
  if (plan.accessKeyEnv !== undefined && plan.secretKeyEnv !== undefined) {
    const accessKeyId = readSecretEnv(env, plan.accessKeyEnv, 'S3', 'access key id')
    const secretAccessKey = readSecretEnv(env, plan.secretKeyEnv, 'S3', 'secret access key')
    const sessionToken = plan.sessionTokenEnv === undefined ? undefined : readSecretEnv(env, plan.sessionTokenEnv, 'S3', 'session token')
    return {
      credentialSource: 'env-keys',
      config: { ...base, credentials: { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) } },
    }
  }
  if (plan.awsProfile !== undefined) return { credentialSource: 'profile', config: { ...base, profile: plan.awsProfile } }
  return { credentialSource: 'default-chain', config: base }
}
