import { ContainerSASPermissions, generateBlobSASQueryParameters, StorageSharedKeyCredential } from '@azure/storage-blob'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createAzureDestination } from '../../../src/destination/azure/azure-destination.js'
import { createS3Destination } from '../../../src/destination/s3/s3-destination.js'
import { RivetError } from '../../../src/errors/index.js'
import type { DestinationPlan } from '../../../src/plan/run-plan.js'
import { AZURITE_ACCOUNT, AZURITE_KEY, startAzurite, type AzuriteHandle } from '../../helpers/azurite-server.js'
import { startS3rver, type S3rverHandle } from '../../helpers/s3rver-server.js'
import { startFaultProxy, type FaultProxy } from './fault-proxy.js'
import { TEST_BUCKET } from './store-fixtures.js'

function plan(type: 's3' | 'azure', fields: Partial<DestinationPlan>): DestinationPlan {
  return {
    type, path: undefined, bucket: TEST_BUCKET, prefix: undefined, region: 'us-east-1', endpoint: undefined, credentialsFile: undefined,
    accessKeyEnv: undefined, secretKeyEnv: undefined, sessionTokenEnv: undefined, awsProfile: undefined, accountName: undefined,
    accountKeyEnv: undefined, sasTokenEnv: undefined, allowAnonymous: false, ...fields,
  }
}

describe('S3 allow_anonymous against s3rver', () => {
  let s3: S3rverHandle
  let proxy: FaultProxy
  beforeAll(async () => {
    s3 = await startS3rver()
    await s3.createBucket(TEST_BUCKET)
    proxy = await startFaultProxy(s3.endpoint)
  })
  afterAll(async () => {
    await proxy.close()
    await s3.close()
  })

  test('requests go out unsigned and the store accepts them', async () => {
    const dest = createS3Destination(plan('s3', { endpoint: proxy.origin, allowAnonymous: true }), 'anon/', {})
    await dest.putBytes('a.txt', Buffer.from('anonymous'))
    expect(Buffer.from((await dest.getBytes('a.txt')) ?? []).toString()).toBe('anonymous')
    expect(proxy.requests.length).toBeGreaterThan(0)
    expect(proxy.requests.filter((r) => r.signed)).toEqual([])
  })
})

describe('Azure SAS token against azurite', () => {
  let az: AzuriteHandle
  beforeAll(async () => {
    az = await startAzurite()
    await az.createContainer(TEST_BUCKET)
  })
  afterAll(async () => {
    await az.close()
  })

  function sas(expiresOn: Date): string {
    return generateBlobSASQueryParameters(
      { containerName: TEST_BUCKET, permissions: ContainerSASPermissions.parse('racwdl'), startsOn: new Date(Date.now() - 60_000), expiresOn },
      new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY),
    ).toString()
  }
  const sasPlan = plan('azure', { accountName: AZURITE_ACCOUNT, sasTokenEnv: 'IT_SAS' })

  test('a valid token (copied with its leading ?) uploads, lists and reads back', async () => {
    const dest = createAzureDestination({ ...sasPlan, endpoint: az.endpoint }, 'sas/', { IT_SAS: `?${sas(new Date(Date.now() + 2 * 3600e3))}` })
    await dest.putBytes('m.json', Buffer.from('{}'))
    expect((await dest.listPrefix()).map((o) => o.key)).toEqual(['m.json'])
    expect(Buffer.from((await dest.getBytes('m.json')) ?? []).toString()).toBe('{}')
  })

  test('an expired token is refused before any request', () => {
    let err: unknown
    try {
      createAzureDestination({ ...sasPlan, endpoint: az.endpoint }, 'sas/', { IT_SAS: sas(new Date(Date.now() - 60_000)) })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(RivetError)
    expect((err as RivetError).code).toBe('RIVET_DEST_AUTH')
    expect((err as RivetError).message).toMatch(/^Azure SAS token already expired/)
  })
})
