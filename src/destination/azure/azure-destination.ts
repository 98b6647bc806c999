import { RivetError } from '../../errors/index.js'
import type { DestinationPlan } from '../../plan/run-plan.js'
import { CloudDestination } from '../cloud/cloud-destination.js'
import type { RetryPolicy } from '../cloud/retry.js'
import { azureClientSetup } from './azure-client.js'
import { AzureStore } from './azure-store.js'

/** Builds the Azure Blob destination (`bucket` = container) for a plan whose `prefix` is already expanded (C32). */
export function createAzureDestination(plan: DestinationPlan, prefix: string, env: NodeJS.ProcessEnv = process.env, retry?: RetryPolicy): CloudDestination {
  if (plan.bucket === undefined || plan.bucket === '') {
    throw new RivetError('RIVET_CONFIG_INVALID', 'Azure destination requires `bucket` (the container name)', { hint: 'set `destination.bucket`' })
  }
  const { container } = azureClientSetup(plan, plan.bucket, env)
  return new CloudDestination('azure', new AzureStore(container), prefix, retry)
}
