import { S3Client } from '@aws-sdk/client-s3'
import { RivetError } from '../../errors/index.js'
import type { DestinationPlan } from '../../plan/run-plan.js'
import { CloudDestination } from '../cloud/cloud-destination.js'
import { DEFAULT_RETRY_POLICY, NO_RETRY, type RetryPolicy } from '../cloud/retry.js'
import { s3ClientSetup } from './s3-client-config.js'
import { S3Store } from './s3-store.js'

/** Builds the S3 destination for a plan whose `prefix` is already expanded (C32). */
export function createS3Destination(plan: DestinationPlan, prefix: string, env: NodeJS.ProcessEnv = process.env, retry: RetryPolicy = DEFAULT_RETRY_POLICY): CloudDestination {
  if (plan.bucket === undefined || plan.bucket === '') {
    throw new RivetError('RIVET_CONFIG_INVALID', 'S3 destination requires `bucket`', { hint: 'set `destination.bucket`' })
  }
  const { config } = s3ClientSetup(plan, env, retry)
  // The client retries each request itself; retrying whole uploads on top would multiply attempts.
  return new CloudDestination('s3', new S3Store(new S3Client(config), plan.bucket), prefix, NO_RETRY)
}
