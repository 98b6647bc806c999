import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { xxh3Fingerprint } from '../../../src/manifest/hashing.js'
import { runConfig, tempProject } from '../../helpers/export-run.js'
import { AZURITE_ACCOUNT, AZURITE_KEY } from '../../helpers/azurite-server.js'
import { pgExec } from '../../helpers/pg.js'
import { S3RVER_KEY } from '../../helpers/s3rver-server.js'
import { uniqueName } from '../../helpers/unique-name.js'
import { STORE_STARTERS, TEST_BUCKET, type StoreFixture } from './store-fixtures.js'

const pgUrl = inject('pgUrl')
const table = uniqueName('cloud_export')
const ROWS = 250_000

/** The `destination:` block of rivet.yaml for each emulator. */
function destinationYaml(store: StoreFixture, prefix: string): string {
  switch (store.kind) {
    case 's3':
      return `{ type: s3, bucket: ${TEST_BUCKET}, prefix: "${prefix}", region: us-east-1, endpoint: "${store.origin}", access_key_env: IT_PIPE_S3_KEY, secret_key_env: IT_PIPE_S3_KEY }`
    case 'gcs':
      return `{ type: gcs, bucket: ${TEST_BUCKET}, prefix: "${prefix}", endpoint: "${store.origin}", allow_anonymous: true }`
    default:
      return `{ type: azure, bucket: ${TEST_BUCKET}, prefix: "${prefix}", endpoint: "${store.origin}/${AZURITE_ACCOUNT}", account_name: ${AZURITE_ACCOUNT}, account_key_env: IT_PIPE_AZ_KEY }`
  }
}

interface ManifestJson {
  status: string
  row_count: number
  destination: { kind: string; uri: string }
  parts: { path: string; rows: number; size_bytes: number; content_md5: string }[]
}

describe.skipIf(pgUrl === null)('rivet run exports a PostgreSQL table to each object store', () => {
  beforeAll(async () => {
    // createDestination reads credentials from the process environment
    process.env['IT_PIPE_S3_KEY'] = S3RVER_KEY
    process.env['IT_PIPE_AZ_KEY'] = AZURITE_KEY
    await pgExec(pgUrl as string, `CREATE TABLE ${table} AS SELECT g AS id, md5(g::text) AS h FROM generate_series(1, ${String(ROWS)}) g`)
  })
  afterAll(async () => {
    await pgExec(pgUrl as string, `DROP TABLE IF EXISTS ${table}`)
    delete process.env['IT_PIPE_S3_KEY']
    delete process.env['IT_PIPE_AZ_KEY']
  })

  describe.each(STORE_STARTERS)('%s', (_name, start) => {
    let store: StoreFixture
    beforeAll(async () => {
      store = await start()
    })
    afterAll(async () => {
      await store.close()
    })

    test('data parts, manifest.json and _SUCCESS land at the prefix', async () => {
      const yaml = `
source:
  type: postgres
  url: "${pgUrl as string}"
exports:
  - name: cloud_e
    query: "SELECT * FROM ${table} ORDER BY id"
    format: parquet
    destination: ${destinationYaml(store, 'exports/{export}/')}
`
      const project = await tempProject(yaml)
      const outcome = await runConfig(project.config, project.dir)
      expect(outcome.error).toBeUndefined()
      expect(outcome.aggregate.total_rows).toBe(ROWS)

      const dest = store.destination('exports/cloud_e/')
      const keys = (await dest.listPrefix()).map((o) => o.key)
      const data = keys.filter((k) => k.endsWith('.parquet'))
      expect(data).toHaveLength(1)
      expect(keys.sort()).toEqual([...data, '_SUCCESS', 'manifest.json'].sort())

      const manifestBytes = Buffer.from((await dest.getBytes('manifest.json')) ?? [])
      const manifest = JSON.parse(manifestBytes.toString('utf8')) as ManifestJson
      const scheme = store.kind === 's3' ? 's3' : store.kind === 'gcs' ? 'gs' : 'az'
      expect(manifest).toMatchObject({ status: 'success', row_count: ROWS, destination: { kind: store.kind, uri: `${scheme}://${TEST_BUCKET}/exports/cloud_e/` } })
      expect(manifest.parts.map((p) => p.rows)).toEqual([ROWS])
      const part = Buffer.from((await dest.getBytes(data[0] ?? '')) ?? [])
      expect(manifest.parts[0]?.content_md5).toBe(createHash('md5').update(part).digest('base64'))
      expect(manifest.parts[0]?.size_bytes).toBe(part.length)
      const success = Buffer.from((await dest.getBytes('_SUCCESS')) ?? []).toString('utf8')
      expect(success).toBe(`${await xxh3Fingerprint(manifestBytes)}\n`)
    })

    test('an incremental second run adds only a file with the new rows', async () => {
      const inc = uniqueName('cloud_inc')
      await pgExec(pgUrl as string, `CREATE TABLE ${inc} AS SELECT g AS id FROM generate_series(1, 100) g`)
      try {
        const prefix = `inc/${inc}/`
        const project = await tempProject(`
source:
  type: postgres
  url: "${pgUrl as string}"
exports:
  - name: inc
    query: "SELECT id FROM ${inc}"
    mode: incremental
    cursor_column: id
    format: csv
    destination: ${destinationYaml(store, prefix)}
`)
        expect((await runConfig(project.config, project.dir)).aggregate.total_rows).toBe(100)
        await pgExec(pgUrl as string, `INSERT INTO ${inc} SELECT g FROM generate_series(101, 130) g`)
        await new Promise((r) => setTimeout(r, 1100)) // a new file timestamp
        const second = await runConfig(project.config, project.dir)
        expect(second.error).toBeUndefined()
        expect(second.aggregate.total_rows).toBe(30)
        const dest = store.destination(prefix)
        const csvs = (await dest.listPrefix()).map((o) => o.key).filter((k) => k.endsWith('.csv')).sort()
        expect(csvs).toHaveLength(2)
        const newest = Buffer.from((await dest.getBytes(csvs[1] ?? '')) ?? []).toString('utf8').trimEnd().split('\n')
        expect(newest.slice(1).map(Number)).toEqual(Array.from({ length: 30 }, (_, i) => 101 + i))
      } finally {
        await pgExec(pgUrl as string, `DROP TABLE IF EXISTS ${inc}`)
      }
    })
  })
})
