import { createHash } from 'node:crypto'
import { Storage } from '@google-cloud/storage'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startFakeGcs, type FakeGcsHandle } from '../../helpers/fake-gcs-server.js'
import { startGcsFixture, TEST_BUCKET, type StoreFixture } from './store-fixtures.js'

describe('fake GCS server driven by the real client', () => {
  let gcs: FakeGcsHandle
  let bucket: ReturnType<Storage['bucket']>
  beforeAll(async () => {
    gcs = await startFakeGcs(['api-bkt'])
    bucket = new Storage({ apiEndpoint: gcs.endpoint, projectId: 'test', retryOptions: { autoRetry: false } }).bucket('api-bkt')
  })
  afterAll(async () => {
    await gcs.close()
  })

  test('media download honours Range; metadata carries md5Hash and crc32c', async () => {
    const file = bucket.file('r/bytes.bin')
    await file.save(Buffer.from('0123456789'), { resumable: false })
    const [part] = await file.download({ start: 2, end: 5, validation: false })
    expect(part.toString()).toBe('2345')
    const [meta] = await file.getMetadata()
    expect(meta).toMatchObject({ size: '10', md5Hash: createHash('md5').update('0123456789').digest('base64') })
    expect(typeof meta.crc32c).toBe('string')
  })

  test('listing pages with nextPageToken', async () => {
    await Promise.all(Array.from({ length: 5 }, (_, i) => bucket.file(`page/${String(i)}`).save(Buffer.from([i]), { resumable: false })))
    const [first, next] = await bucket.getFiles({ prefix: 'page/', maxResults: 2, autoPaginate: false })
    expect(first.map((f) => f.name)).toEqual(['page/0', 'page/1'])
    expect(next).toMatchObject({ pageToken: '2' })
    const [all] = await bucket.getFiles({ prefix: 'page/' })
    expect(all).toHaveLength(5)
  })
})

describe('GCS destination listing across pages', () => {
  let store: StoreFixture
  beforeAll(async () => {
    store = await startGcsFixture()
  })
  afterAll(async () => {
    await store.close()
  })

  test('listPrefix returns every object when the store pages (150 objects, 100 per page)', async () => {
    const dest = store.destination('many/')
    for (let i = 0; i < 150; i++) await dest.putBytes(`f${String(i).padStart(3, '0')}`, Buffer.from([i]))
    const keys = (await dest.listPrefix()).map((o) => o.key)
    expect(keys).toHaveLength(150)
    expect(keys[0]).toBe('f000')
    expect(keys[149]).toBe('f149')
    expect(dest.baseUri).toBe(`gs://${TEST_BUCKET}/many/`)
  })
})
