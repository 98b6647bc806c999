import { readdir } from 'node:fs/promises'
import { createAzureDestination } from '../../../src/destination/azure/azure-destination.js'
import type { CloudDestination } from '../../../src/destination/cloud/cloud-destination.js'
import type { RetryPolicy } from '../../../src/destination/cloud/retry.js'
import { createGcsDestination } from '../../../src/destination/gcs/gcs-destination.js'
import { createS3Destination } from '../../../src/destination/s3/s3-destination.js'
import type { DestinationPlan, DestinationType } from '../../../src/plan/run-plan.js'
import { AZURITE_ACCOUNT, AZURITE_KEY, startAzurite } from '../../helpers/azurite-server.js'
import { startFakeGcs } from '../../helpers/fake-gcs-server.js'
import { S3RVER_KEY, startS3rver } from '../../helpers/s3rver-server.js'

export const TEST_BUCKET = 'rivet-it'

export interface DestinationOptions {
  /** Emulator origin to talk to instead of the real one (a fault proxy). */
  readonly viaOrigin?: string
  readonly retry?: RetryPolicy
  /** Use credentials the store refuses. */
  readonly wrongCredentials?: boolean
}

/** One running emulator plus how to build a rivet destination against it. */
export interface StoreFixture {
  readonly kind: DestinationType
  /** `http://127.0.0.1:<port>` of the emulator. */
  readonly origin: string
  destination(prefix: string, opts?: DestinationOptions): CloudDestination
  /** Multipart/resumable uploads the store still holds (S3 parts, GCS sessions). */
  pendingUploads(): Promise<number>
  /** Emulator-specific "this request started a multipart / resumable / block upload". */
  isChunkedUpload(method: string, url: string): boolean
  /** Stores whose emulator can misreport MD5 itself (the fake GCS server). */
  setWrongMd5?(on: boolean): void
  close(): Promise<void>
}

function plan(type: DestinationType, fields: Partial<DestinationPlan>): DestinationPlan {
  return {
    type, path: undefined, bucket: TEST_BUCKET, prefix: undefined, region: 'us-east-1', endpoint: undefined, credentialsFile: undefined,
    accessKeyEnv: undefined, secretKeyEnv: undefined, sessionTokenEnv: undefined, awsProfile: undefined, accountName: undefined,
    accountKeyEnv: undefined, sasTokenEnv: undefined, allowAnonymous: false, ...fields,
  }
}

const originOf = (endpoint: string): string => new URL(endpoint).origin

export async function startS3Fixture(): Promise<StoreFixture> {
  const s3 = await startS3rver()
  await s3.createBucket(TEST_BUCKET)
  return {
    kind: 's3',
    origin: s3.endpoint,
    destination: (prefix, opts = {}) => {
      const p = plan('s3', { endpoint: opts.viaOrigin ?? s3.endpoint, accessKeyEnv: 'IT_S3_KEY', secretKeyEnv: 'IT_S3_SECRET' })
      const wrong = opts.wrongCredentials === true
      const env = { IT_S3_KEY: wrong ? 'AKIAWRONGKEY' : S3RVER_KEY, IT_S3_SECRET: wrong ? 'wrong-secret' : S3RVER_KEY }
      return createS3Destination(p, prefix, env, opts.retry)
    },
    pendingUploads: async () => (await readdir(s3.uploadsDir(TEST_BUCKET)).catch(() => [])).length,
    isChunkedUpload: (method, url) => method === 'POST' && /[?&]uploads(=|&|$)/.test(url),
    close: () => s3.close(),
  }
}

export async function startGcsFixture(): Promise<StoreFixture> {
  const gcs = await startFakeGcs([TEST_BUCKET])
  return {
    kind: 'gcs',
    origin: gcs.endpoint,
    destination: (prefix, opts = {}) => {
      gcs.faults.rejectAuth = opts.wrongCredentials === true
      return createGcsDestination(plan('gcs', { endpoint: opts.viaOrigin ?? gcs.endpoint, allowAnonymous: true }), prefix, opts.retry)
    },
    pendingUploads: () => Promise.resolve(gcs.store.sessions.size),
    isChunkedUpload: (method, url) => method === 'POST' && url.includes('uploadType=resumable'),
    setWrongMd5: (on) => {
      gcs.faults.wrongMd5 = on
    },
    close: () => gcs.close(),
  }
}

export async function startAzureFixture(): Promise<StoreFixture> {
  const az = await startAzurite()
  await az.createContainer(TEST_BUCKET)
  const path = new URL(az.endpoint).pathname
  return {
    kind: 'azure',
    origin: originOf(az.endpoint),
    destination: (prefix, opts = {}) => {
      const endpoint = opts.viaOrigin === undefined ? az.endpoint : `${opts.viaOrigin}${path}`
      const key = opts.wrongCredentials === true ? Buffer.from('not the account key').toString('base64') : AZURITE_KEY
      return createAzureDestination(plan('azure', { endpoint, accountName: AZURITE_ACCOUNT, accountKeyEnv: 'IT_AZ_KEY' }), prefix, { IT_AZ_KEY: key }, opts.retry)
    },
    // Uncommitted Azure blocks are invisible and expire on their own; nothing to count.
    pendingUploads: () => Promise.resolve(0),
    isChunkedUpload: (method, url) => method === 'PUT' && url.includes('comp=block'),
    close: () => az.close(),
  }
}

export const STORE_STARTERS = [
  ['s3', startS3Fixture],
  ['gcs', startGcsFixture],
  ['azure', startAzureFixture],
] as const
