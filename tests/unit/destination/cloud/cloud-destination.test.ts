import { access, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, test } from 'vitest'
import { CloudDestination } from '../../../../src/destination/cloud/cloud-destination.js'
import { CLOUD_CAPABILITIES } from '../../../../src/destination/cloud/cloud-capabilities.js'
import { RivetError } from '../../../../src/errors/index.js'
import { MemoryObjectStore } from './memory-object-store.js'

const FAST = { attempts: 5, baseDelayMs: 1, maxDelayMs: 2 }
let store: MemoryObjectStore
let dest: CloudDestination

beforeEach(() => {
  store = new MemoryObjectStore()
  dest = new CloudDestination('s3', store, 'run/', FAST)
})

async function failure(p: Promise<unknown>): Promise<RivetError> {
  const e = await p.then(() => undefined, (err: unknown) => err)
  if (!(e instanceof RivetError)) throw new Error(`expected a RivetError, got ${String(e)}`)
  return e
}

describe('CloudDestination', () => {
  test('frozen finalize-on-close capabilities and the base URI', () => {
    expect(dest.capabilities).toBe(CLOUD_CAPABILITIES)
    expect(Object.isFrozen(CLOUD_CAPABILITIES)).toBe(true)
    expect(CLOUD_CAPABILITIES).toEqual({ commitProtocol: 'finalize-on-close', retrySafe: true, idempotentOverwrite: true, partialWriteRisk: false, supportsManifest: true })
    expect(dest.baseUri).toBe('mem://bkt/run/')
  })

  test('stages under the OS temp dir in a rivet folder and removes the file after upload', async () => {
    const staged = await dest.stage('orders/part 1')
    expect(staged.path.startsWith(join(tmpdir(), 'rivet-staging'))).toBe(true)
    await writeFile(staged.path, 'abc')
    const out = await staged.commit('orders.csv')
    expect(out).toMatchObject({ uri: 'mem://bkt/run/orders.csv', key: 'orders.csv', sizeBytes: 3 })
    expect(store.objects.has('run/orders.csv')).toBe(true)
    await expect(access(staged.path)).rejects.toThrow()
  })

  test('a failed upload still removes the staged file', async () => {
    store.failures.push(Object.assign(new Error('denied'), { $metadata: { httpStatusCode: 403 } }))
    const staged = await dest.stage('x')
    await writeFile(staged.path, 'abc')
    expect((await failure(staged.commit('x.csv'))).code).toBe('RIVET_DEST_AUTH')
    expect(store.uploads).toBe(1) // auth errors are not retried
    await expect(access(staged.path)).rejects.toThrow()
  })

  test('transient failures are retried', async () => {
    store.failures.push(Object.assign(new Error('busy'), { $metadata: { httpStatusCode: 503 } }), Object.assign(new Error('reset'), { code: 'ECONNRESET' }))
    await dest.putBytes('m.json', Buffer.from('{}'))
    expect(store.uploads).toBe(3)
  })

  test('an MD5 mismatch → RIVET_DEST_INTEGRITY and the object is removed', async () => {
    store.report = (s) => ({ ...s, md5Base64: 'AAAAAAAAAAAAAAAAAAAAAA==' })
    const e = await failure(dest.putBytes('m.json', Buffer.from('{}')))
    expect(e.code).toBe('RIVET_DEST_INTEGRITY')
    expect(e.message).toMatch(/^upload integrity check failed for mem:\/\/bkt\/run\/m\.json: the store reports MD5/)
    expect(store.objects.size).toBe(0)
  })

  test('a size mismatch → RIVET_DEST_INTEGRITY', async () => {
    store.report = (s) => ({ sizeBytes: s.sizeBytes - 1 })
    expect((await failure(dest.putBytes('m.json', Buffer.from('{}')))).code).toBe('RIVET_DEST_INTEGRITY')
  })

  test('list is relative to the prefix and sorted; get/delete use prefix + name', async () => {
    await dest.putBytes('b', Buffer.from('2'))
    await dest.putBytes('a', Buffer.from('1'))
    store.objects.set('run-other/z', Buffer.from('x'))
    expect((await dest.listPrefix()).map((o) => o.key)).toEqual(['a', 'b'])
    expect(Buffer.from((await dest.getBytes('a')) ?? []).toString()).toBe('1')
    await dest.delete('a')
    expect([...store.objects.keys()].sort()).toEqual(['run-other/z', 'run/b'])
  })
})
