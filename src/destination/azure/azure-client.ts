import { AnonymousCredential, BlobServiceClient, StorageSharedKeyCredential, type ContainerClient } from '@azure/storage-blob'
import { RivetError } from '../../errors/index.js'
import { logger } from '../../log/index.js'
import type { DestinationPlan } from '../../plan/run-plan.js'
import { readSecretEnv } from '../cloud/secret-env.js'
import { enforceSasExpiry, normalizeSasToken } from './sas-expiry.js'

/** How the Azure client authenticates (H06) — for logs and tests, never the secret. */
export type AzureCredentialSource = 'anonymous' | 'account-key' | 'sas-token'

export interface AzureClientSetup {
  readonly container: ContainerClient
  readonly credentialSource: AzureCredentialSource
  readonly serviceUrl: string
}

/** `https://<account>.blob.core.windows.net` unless `endpoint` overrides it (Azurite: `http://127.0.0.1:10000/<account>`). */
export function azureServiceUrl(plan: DestinationPlan): string {
  if (plan.endpoint !== undefined) return plan.endpoint.replace(/\/+$/, '')
  if (plan.accountName === undefined || plan.accountName === '') {
    throw new RivetError('RIVET_CONFIG_INVALID', 'Azure destination requires `account_name`', { hint: 'set `destination.account_name` (or `endpoint` for an emulator)' })
  }
  return `https://${plan.accountName}.blob.core.windows.net`
}

/**
 * Container client from the plan: `account_key_env` (shared key) or `sas_token_env`
 * (leading `?` trimmed, expiry enforced), or anonymous. SDK retries are off: the shared
 * retry layer owns them.
 */
export function azureClientSetup(plan: DestinationPlan, container: string, env: NodeJS.ProcessEnv, now: Date = new Date()): AzureClientSetup {
  const serviceUrl = azureServiceUrl(plan)
  const pipeline = { retryOptions: { maxTries: 1, tryTimeoutInMs: 300_000 } }
  if (plan.allowAnonymous) {
    const service = new BlobServiceClient(serviceUrl, new AnonymousCredential(), pipeline)
    return { container: service.getContainerClient(container), credentialSource: 'anonymous', serviceUrl }
  }
  if (plan.accountKeyEnv !== undefined) {
    if (plan.accountName === undefined) {
      throw new RivetError('RIVET_CONFIG_INVALID', 'Azure destination: `account_key_env` needs `account_name`', { hint: 'set `destination.account_name`' })
    }
    const key = readSecretEnv(env, plan.accountKeyEnv, 'Azure', 'account key')
    let credential: StorageSharedKeyCredential
    try {
      credential = new StorageSharedKeyCredential(plan.accountName, key)
    } catch (err) {
      throw new RivetError('RIVET_DEST_AUTH', `Azure destination: the account key in '${plan.accountKeyEnv}' is not valid base64`, { hint: 'copy the key from the storage account "Access keys" page', cause: err })
    }
    const service = new BlobServiceClient(serviceUrl, credential, pipeline)
    return { container: service.getContainerClient(container), credentialSource: 'account-key', serviceUrl }
  }
  if (plan.sasTokenEnv !== undefined) {
    const token = normalizeSasToken(readSecretEnv(env, plan.sasTokenEnv, 'Azure', 'SAS token'))
    enforceSasExpiry(token, now, logger('rivet::destination'))
    const service = new BlobServiceClient(`${serviceUrl}?${token}`, new AnonymousCredential(), pipeline)
    return { container: service.getContainerClient(container), credentialSource: 'sas-token', serviceUrl }
  }
  throw new RivetError('RIVET_CONFIG_INVALID', 'Azure destination needs `account_key_env` or `sas_token_env` (or `allow_anonymous` for an emulator)', {
    hint: 'set exactly one of `destination.account_key_env` / `destination.sas_token_env`',
  })
}
