import { writeFile } from 'node:fs/promises'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { RivetError } from '../../../src/errors/index.js'
import type { RetryPolicy } from '../../../src/destination/cloud/retry.js'
import { startFaultProxy, type FaultProxy } from './fault-proxy.js'
import { writeBigFile } from './big-file.js'
import { STORE_STARTERS, type StoreFixture } from './store-fixtures.js'

/** Real backoff shape, small numbers: keeps the fault tests quick. */
const FAST_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 }
/** Above the 64 MiB single-PUT limit, so S3 and Azure go multipart/blocks too. */
const CHUNKED_MIB = 72

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    if (err instanceof RivetError) return err.code
    throw err
  }
  throw new Error('expected a failure')
}

describe.each(STORE_STARTERS)('%s destination under faults', (_name, start) => {
  let store: StoreFixture
  let proxy: FaultProxy
  beforeAll(async () => {
    store = await start()
    proxy = await startFaultProxy(store.origin)
  })
  afterAll(async () => {
    await proxy.close()
    await store.close()
  })
  beforeEach(() => {
    proxy.faults.cutAfterBytes = undefined
    proxy.faults.wrongMd5 = false
    proxy.requests.length = 0
  })

  test('the store dying mid-upload → coded error after retries, no object, no multipart left', async () => {
    const dest = store.destination('cut/', { viaOrigin: proxy.origin, retry: FAST_RETRY })
    const staged = await dest.stage('cut')
    await writeBigFile(staged.path, CHUNKED_MIB)
    proxy.faults.cutAfterBytes = 3 * 1024 * 1024
    expect(await codeOf(staged.commit('cut.bin'))).toBe('RIVET_DEST_WRITE')
    const chunked = proxy.requests.filter((r) => store.isChunkedUpload(r.method, r.url)).length
    proxy.faults.cutAfterBytes = undefined
    expect(await store.destination('cut/').listPrefix()).toEqual([])
    if (store.kind === 's3') {
      // S3 retries each request: part 1 was sent `attempts` times inside one multipart upload, then it was aborted
      expect(chunked).toBe(1)
      expect(proxy.requests.filter((r) => r.method === 'PUT' && /[?&]partNumber=1(&|$)/.test(r.url)).length).toBe(FAST_RETRY.attempts)
      expect(proxy.requests.filter((r) => r.method === 'DELETE' && r.url.includes('uploadId=')).length).toBe(1)
      expect(await store.pendingUploads()).toBe(0)
    } else {
      expect(chunked).toBeGreaterThanOrEqual(FAST_RETRY.attempts) // the whole upload was retried
    }
  }, 120_000)

  test('a small upload cut off is retried and then succeeds once the store is back', async () => {
    const dest = store.destination('flaky/', { viaOrigin: proxy.origin, retry: { attempts: 5, baseDelayMs: 200, maxDelayMs: 400 } })
    const staged = await dest.stage('flaky')
    await writeFile(staged.path, Buffer.alloc(256 * 1024, 1))
    proxy.faults.cutAfterBytes = 1024
    const pending = staged.commit('flaky.bin')
    setTimeout(() => {
      proxy.faults.cutAfterBytes = undefined
    }, 250)
    expect((await pending).sizeBytes).toBe(256 * 1024)
  })

  test('a wrong MD5 reported by the store → RIVET_DEST_INTEGRITY and the object is removed', async () => {
    if (store.kind === 'gcs') {
      // the fake GCS server reports the wrong md5Hash itself (its own fault switch)
      const dest = store.destination('md5/')
      await withGcsWrongMd5(store, async () => {
        expect(await codeOf(dest.putBytes('part.csv', Buffer.from('a,b\n1,2\n')))).toBe('RIVET_DEST_INTEGRITY')
      })
    } else {
      proxy.faults.wrongMd5 = true
      const dest = store.destination('md5/', { viaOrigin: proxy.origin, retry: FAST_RETRY })
      const staged = await dest.stage('md5')
      await writeFile(staged.path, 'a,b\n1,2\n')
      const err = await staged.commit('part.csv').catch((e: unknown) => e)
      expect(err).toBeInstanceOf(RivetError)
      expect((err as RivetError).code).toBe('RIVET_DEST_INTEGRITY')
      expect((err as RivetError).message).toMatch(/^upload integrity check failed/)
    }
    expect(await store.destination('md5/').listPrefix()).toEqual([])
  })

  test('refused credentials → RIVET_DEST_AUTH, not retried', async () => {
    const dest = store.destination('auth/', { viaOrigin: proxy.origin, wrongCredentials: true })
    try {
      expect(await codeOf(dest.putBytes('x.json', Buffer.from('{}')))).toBe('RIVET_DEST_AUTH')
      expect(proxy.requests.length).toBe(1)
    } finally {
      store.destination('auth/') // restores the fake GCS server's auth switch
    }
  })
})

async function withGcsWrongMd5(store: StoreFixture, body: () => Promise<void>): Promise<void> {
  store.setWrongMd5?.(true)
  try {
    await body()
  } finally {
    store.setWrongMd5?.(false)
  }
}
