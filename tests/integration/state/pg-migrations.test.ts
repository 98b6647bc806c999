import pg from 'pg'
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import { MIGRATIONS, openPostgresStateStore, SCHEMA_VERSION } from '../../../src/state/index.js'
import { migrationDdl } from '../../../src/state/migrations.js'
import { PgStateDb } from '../../../src/state/postgres/pg-state-db.js'
import { parseStateUrl } from '../../../src/state/postgres/state-url.js'
import { uniqueName } from '../../helpers/unique-name.js'
import { createSchema, dropSchema, urlWithSchema } from './pg-backend.js'

const pgUrl = inject('pgUrl')

describe.skipIf(pgUrl === null)('postgres state migrations', () => {
  const url = pgUrl ?? ''
  let schema: string
  let admin: pg.Client

  beforeEach(async () => {
    schema = uniqueName('rivet_mig')
    await createSchema(url, schema)
    admin = new pg.Client({ connectionString: url })
    await admin.connect()
  })
  afterEach(async () => {
    await admin.end()
    await dropSchema(url, schema)
  })

  async function columnTypes(table: string): Promise<Record<string, string>> {
    const res = await admin.query<{ column_name: string; data_type: string }>(
      'SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
      [schema, table],
    )
    return Object.fromEntries(res.rows.map((r) => [r.column_name, r.data_type]))
  }

  async function tables(): Promise<string[]> {
    const res = await admin.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
      [schema],
    )
    return res.rows.map((r) => r.table_name)
  }

  async function versions(): Promise<number[]> {
    const res = await admin.query<{ version: string }>(`SELECT version FROM ${schema}.rivet_schema_version`)
    return res.rows.map((r) => Number(r.version))
  }

  it('creates the upstream schema with BIGSERIAL ids, BIGINT counts and BOOLEAN flags', async () => {
    const store = await openPostgresStateStore(urlWithSchema(url, schema))
    await store.close()
    expect(await tables()).toEqual([
      'chunk_run', 'chunk_task', 'export_metrics', 'export_progression', 'export_schema', 'export_shape', 'export_state',
      'file_log', 'rivet_schema_version', 'run_aggregate', 'run_journal',
    ])
    const metrics = await columnTypes('export_metrics')
    expect(metrics).toMatchObject({ id: 'bigint', duration_ms: 'bigint', validated: 'boolean', schema_changed: 'boolean', run_id: 'text' })
    expect(Object.keys(metrics)).toHaveLength(17)
    const idDefault = await admin.query<{ d: string }>(
      `SELECT column_default AS d FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'file_log' AND column_name = 'id'`,
      [schema],
    )
    expect(idDefault.rows[0]?.d).toMatch(/^nextval\(/)
    expect(await versions()).toEqual([SCHEMA_VERSION])
  })

  it('upgrades an upstream v1 database (file_manifest) and re-opens idempotently', async () => {
    await admin.query(`SET search_path = ${schema}`)
    await admin.query('CREATE TABLE rivet_schema_version (version BIGINT NOT NULL)')
    await admin.query(migrationDdl(MIGRATIONS[0]!, 'postgres'))
    await admin.query('INSERT INTO rivet_schema_version VALUES (1)')
    await admin.query(`INSERT INTO file_manifest (run_id, export_name, file_name, row_count, bytes, format, created_at)
      VALUES ('r1', 'orders', 'a.csv', 3, 30, 'csv', '2025-01-01T00:00:00Z')`)
    await admin.query(`INSERT INTO export_metrics (export_name, run_at, duration_ms, total_rows, status, validated, run_id)
      VALUES ('orders', '2025-01-01T00:00:00Z', 5, 3, 'success', true, 'r1')`)

    for (let i = 0; i < 2; i++) {
      const store = await openPostgresStateStore(urlWithSchema(url, schema))
      expect((await store.files.forRun('r1')).map((f) => [f.fileName, f.rowCount])).toEqual([['a.csv', 3]])
      expect((await store.metrics.recent({ limit: 1 }))[0]).toMatchObject({ validated: true, schemaChanged: null, totalRows: 3 })
      await store.close()
    }
    expect(await tables()).not.toContain('file_manifest')
    expect(await versions()).toEqual([8])
  })

  it('concurrent first opens of one database both succeed', async () => {
    const target = urlWithSchema(url, schema)
    const stores = await Promise.all([openPostgresStateStore(target), openPostgresStateStore(target), openPostgresStateStore(target)])
    await Promise.all(stores.map((s) => s.close()))
    expect(await versions()).toEqual([8])
  })

  it('refuses a database written by a newer rivet', async () => {
    await admin.query(`CREATE TABLE ${schema}.rivet_schema_version (version BIGINT NOT NULL)`)
    await admin.query(`INSERT INTO ${schema}.rivet_schema_version VALUES (99)`)
    await expect(openPostgresStateStore(urlWithSchema(url, schema))).rejects.toMatchObject({ code: 'RIVET_STATE_MIGRATION' })
  })

  it('sslmode=require insists on TLS (this server has none)', async () => {
    const u = new URL(urlWithSchema(url, schema))
    u.searchParams.set('sslmode', 'require')
    await expect(openPostgresStateStore(u.toString())).rejects.toMatchObject({ code: 'RIVET_STATE_OPEN' })
  })

  it('a transaction pins one connection while plain statements use the pool', async () => {
    const db = await PgStateDb.connect(parseStateUrl(urlWithSchema(url, schema)))
    try {
      const pid = (): Promise<number[]> => db.all('SELECT pg_backend_pid() AS pid', [], (r) => (r as { pid: number }).pid)
      const inside = await db.transaction(async () => [...(await pid()), ...(await pid()), ...(await pid())])
      expect(new Set(inside).size).toBe(1)
      await db.run('CREATE TABLE t (x BIGINT)')
      await db.run('INSERT INTO t VALUES (?), (?)', [1, 2])
      expect(await db.all('SELECT SUM(x) AS s FROM t WHERE x > ?', [0], (r) => String((r as { s: unknown }).s))).toEqual(['3'])
    } finally {
      await db.close()
      await db.close()
    }
  })
})
