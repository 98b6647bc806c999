import { Storage } from '@google-cloud/storage'
import { RivetError } from '../../errors/index.js'
import type { DestinationPlan } from '../../plan/run-plan.js'
import { CloudDestination } from '../cloud/cloud-destination.js'
import type { RetryPolicy } from '../cloud/retry.js'
import { gcsClientSetup } from './gcs-client-options.js'
import { GcsStore } from './gcs-store.js'

/** Builds the GCS destination for a plan whose `prefix` is already expanded (C32). */
export function createGcsDestination(plan: DestinationPlan, prefix: string, retry?: RetryPolicy): CloudDestination {
  if (plan.bucket === undefined || plan.bucket === '') {
    throw new RivetError('RIVET_CONFIG_INVALID', 'GCS destination requires `bucket`', { hint: 'set `destination.bucket`' })
  }
  const { options } = gcsClientSetup(plan)
  return new CloudDestination('gcs', new GcsStore(new Storage(options).bucket(plan.bucket)), prefix, retry)
}
