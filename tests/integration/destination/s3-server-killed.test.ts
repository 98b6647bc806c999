import { afterAll, expect, test } from 'vitest'
import { createS3Destination } from '../../../src/destination/s3/s3-destination.js'
import { RivetError } from '../../../src/errors/index.js'
import type { DestinationPlan } from '../../../src/plan/run-plan.js'
import { S3RVER_KEY, startS3rver, type S3rverHandle } from '../../helpers/s3rver-server.js'
import { writeBigFile } from './big-file.js'
import { TEST_BUCKET } from './store-fixtures.js'

const handles: S3rverHandle[] = []
afterAll(async () => {
  for (const h of handles) await h.close().catch(() => undefined) // already closed ones reject with "not running"
})

test('S3 server killed mid multipart upload → RIVET_DEST_WRITE; after restart no object exists', async () => {
  const first = await startS3rver()
  handles.push(first)
  await first.createBucket(TEST_BUCKET)
  const port = Number(new URL(first.endpoint).port)
  const plan: DestinationPlan = {
    type: 's3', path: undefined, bucket: TEST_BUCKET, prefix: undefined, region: 'us-east-1', endpoint: first.endpoint, credentialsFile: undefined,
    accessKeyEnv: 'K', secretKeyEnv: 'K', sessionTokenEnv: undefined, awsProfile: undefined, accountName: undefined,
    accountKeyEnv: undefined, sasTokenEnv: undefined, allowAnonymous: false,
  }
  const dest = createS3Destination(plan, 'killed/', { K: S3RVER_KEY }, { attempts: 3, baseDelayMs: 20, maxDelayMs: 50 })
  const staged = await dest.stage('killed')
  await writeBigFile(staged.path, 96)
  const upload = staged.commit('killed.bin').then(
    () => undefined,
    (err: unknown) => err,
  )
  // kill the server once the multipart upload is under way
  for (let i = 0; i < 400; i++) {
    const pending = await first.pendingUploadCount(TEST_BUCKET)
    if (pending > 0) break
    await new Promise((r) => setTimeout(r, 10))
  }
  await first.close(true)
  const err = await upload
  expect(err).toBeInstanceOf(RivetError)
  expect((err as RivetError).code).toBe('RIVET_DEST_WRITE')

  const again = await startS3rver({ directory: first.directory, port })
  handles.push(again)
  expect(await dest.listPrefix()).toEqual([])
  expect(await dest.getBytes('killed.bin')).toBeUndefined()
}, 60_000)
