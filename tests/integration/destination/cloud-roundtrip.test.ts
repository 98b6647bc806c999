import { access, writeFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startFaultProxy, type FaultProxy } from './fault-proxy.js'
import { md5Base64, writeBigFile } from './big-file.js'
import { STORE_STARTERS, TEST_BUCKET, type StoreFixture } from './store-fixtures.js'

const BIG_MIB = 100

describe.each(STORE_STARTERS)('%s destination against its emulator', (_name, start) => {
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

  test('stage + commit uploads the file under prefix + name and reads back byte-exact', async () => {
    const dest = store.destination('exports/orders/')
    expect(dest.baseUri).toBe(`${dest.kind === 'gcs' ? 'gs' : dest.kind === 'azure' ? 'az' : 's3'}://${TEST_BUCKET}/exports/orders/`)
    const staged = await dest.stage('orders.part')
    const body = Buffer.from('id,name\n1,ä\n2,b\n', 'utf8')
    await writeFile(staged.path, body)
    const outcome = await staged.commit('orders_1.csv')
    expect(outcome).toMatchObject({ key: 'orders_1.csv', uri: `${dest.baseUri}orders_1.csv`, sizeBytes: body.length, storeMd5Base64: md5Base64(body) })
    await expect(access(staged.path)).rejects.toThrow() // temp file removed after upload
    expect(Buffer.from((await dest.getBytes('orders_1.csv')) ?? [])).toEqual(body)
  })

  test('abort removes the staged temp file and uploads nothing', async () => {
    const dest = store.destination('aborted/')
    const staged = await dest.stage('x')
    await writeFile(staged.path, 'never uploaded')
    await staged.abort()
    await expect(access(staged.path)).rejects.toThrow()
    expect(await dest.listPrefix()).toEqual([])
  })

  test(`a ${String(BIG_MIB)} MiB file goes up in parts and its bytes match`, async () => {
    const dest = store.destination('big/', { viaOrigin: proxy.origin })
    const staged = await dest.stage('big')
    const md5 = await writeBigFile(staged.path, BIG_MIB)
    const before = proxy.requests.length
    const t0 = performance.now()
    const outcome = await staged.commit('big.bin')
    const seconds = (performance.now() - t0) / 1000
    process.stdout.write(`[throughput] ${store.kind}: ${String(BIG_MIB)} MiB in ${seconds.toFixed(2)} s = ${(BIG_MIB / seconds).toFixed(1)} MiB/s\n`)
    expect(outcome.sizeBytes).toBe(BIG_MIB * 1024 * 1024)
    expect(proxy.requests.slice(before).some((r) => store.isChunkedUpload(r.method, r.url))).toBe(true)
    const back = await dest.getBytes('big.bin')
    expect(back?.byteLength).toBe(BIG_MIB * 1024 * 1024)
    expect(md5Base64(back ?? new Uint8Array())).toBe(md5)
  }, 180_000)

  test('putBytes / getBytes / listPrefix / delete', async () => {
    const dest = store.destination('small/run-1/')
    const other = store.destination('small/run-10/') // shares the string prefix `small/run-1`
    await other.putBytes('noise.json', Buffer.from('{}'))
    const manifest = Buffer.from('{"manifest_version":1}\n')
    const put = await dest.putBytes('manifest.json', manifest)
    expect(put).toMatchObject({ key: 'manifest.json', sizeBytes: manifest.length })
    await dest.putBytes('_SUCCESS', Buffer.from('xxh3:0123456789abcdef\n'))
    await dest.putBytes('empty', new Uint8Array())
    expect(Buffer.from((await dest.getBytes('manifest.json')) ?? [])).toEqual(manifest)
    expect(await dest.getBytes('missing.json')).toBeUndefined()
    // S3 listings carry no MD5 (an SSE-KMS ETag is not one); GCS and Azure report theirs
    const md5 = (b: Uint8Array): { md5Base64?: string } => (store.kind === 's3' ? {} : { md5Base64: md5Base64(b) })
    expect(await dest.listPrefix()).toEqual([
      { key: '_SUCCESS', sizeBytes: 22, ...md5(Buffer.from('xxh3:0123456789abcdef\n')) },
      { key: 'empty', sizeBytes: 0, ...md5(new Uint8Array()) },
      { key: 'manifest.json', sizeBytes: manifest.length, ...md5(manifest) },
    ])
    await dest.delete('_SUCCESS')
    await dest.delete('never-existed')
    expect((await dest.listPrefix()).map((o) => o.key)).toEqual(['empty', 'manifest.json'])
    expect((await other.listPrefix()).map((o) => o.key)).toEqual(['noise.json'])
  })
})
