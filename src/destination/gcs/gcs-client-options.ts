import { readFileSync } from 'node:fs'
import type { StorageOptions } from '@google-cloud/storage'
import { RivetError } from '../../errors/index.js'
import type { DestinationPlan } from '../../plan/run-plan.js'
import { registerSecret } from '../../redact/index.js'

/** How the GCS client authenticates (H05) — for logs and tests, never the secret. */
export type GcsCredentialSource = 'anonymous' | 'service-account-file' | 'authorized-user-file' | 'default-chain'

export interface GcsClientSetup {
  readonly options: StorageOptions
  readonly credentialSource: GcsCredentialSource
}

const PUBLIC_ENDPOINT = 'https://storage.googleapis.com'

interface CredentialsJson {
  type?: string
  project_id?: string
  quota_project_id?: string
  private_key?: string
  client_secret?: string
  refresh_token?: string
}

function readCredentialsFile(path: string): CredentialsJson {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (err) {
    throw new RivetError('RIVET_DEST_AUTH', `GCS destination: cannot read credentials_file '${path}'`, {
      hint: 'point `destination.credentials_file` at a service-account or authorized_user JSON key file',
      cause: err,
    })
  }
  const creds = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as CredentialsJson
  for (const s of [creds.private_key, creds.client_secret, creds.refresh_token]) registerSecret(s)
  if (creds.type !== 'service_account' && creds.type !== 'authorized_user') {
    throw new RivetError('RIVET_DEST_AUTH', `GCS destination: credentials_file '${path}' has unsupported type '${String(creds.type)}'`, {
      hint: 'use a service-account key (`"type": "service_account"`) or an ADC file (`"type": "authorized_user"`)',
    })
  }
  return creds
}

/**
 * GCS client options from the plan. Precedence (H05): `allow_anonymous` →
 * `credentials_file` (service account, or an authorized_user ADC file with refresh-token
 * exchange) → default chain (`GOOGLE_APPLICATION_CREDENTIALS`, gcloud ADC, metadata
 * server). Library retries are off: the shared retry layer owns them.
 */
export function gcsClientSetup(plan: DestinationPlan): GcsClientSetup {
  const base: StorageOptions = { retryOptions: { autoRetry: false, maxRetries: 0 } }
  if (plan.allowAnonymous) {
    // The client skips authentication for a custom endpoint; `:443` makes the public one custom too.
    const apiEndpoint = plan.endpoint ?? `${PUBLIC_ENDPOINT}:443`
    return { credentialSource: 'anonymous', options: { ...base, apiEndpoint, projectId: 'rivet-anonymous', useAuthWithCustomEndpoint: false } }
  }
  const endpoint = plan.endpoint === undefined ? {} : { apiEndpoint: plan.endpoint, useAuthWithCustomEndpoint: true }
  if (plan.credentialsFile !== undefined) {
    const creds = readCredentialsFile(plan.credentialsFile)
    const projectId = creds.project_id ?? creds.quota_project_id
    return {
      credentialSource: creds.type === 'service_account' ? 'service-account-file' : 'authorized-user-file',
      options: { ...base, ...endpoint, keyFilename: plan.credentialsFile, ...(projectId === undefined ? {} : { projectId }) },
    }
  }
  return { credentialSource: 'default-chain', options: { ...base, ...endpoint } }
}
