import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { xxh3Fingerprint } from '../../../src/manifest/hashing.js'
import { duckRows } from '../../helpers/duckdb.js'
import { runConfig, tempProject } from '../../helpers/export-run.js'
import { pgExec } from '../../helpers/pg.js'
import { uniqueName } from '../../helpers/unique-name.js'

const pgUrl = inject('pgUrl')
const big = uniqueName('big')
const empty = uniqueName('empty')
const one = uniqueName('one')
const fat = uniqueName('fat')

function yaml(name: string, query: string, extra = ''): string {
  return `
source:
  type: postgres
  url: "${pgUrl as string}"
  tuning: { batch_size: 20000${extra} }
exports:
  - name: ${name}
    query: "${query}"
    format: parquet
    destination: { type: local, path: out }
`
}

interface ManifestJson {
  status: string
  row_count: number
  part_count: number
  parts: { path: string; rows: number; size_bytes: number; content_fingerprint: string }[]
}

async function readManifest(dir: string): Promise<{ manifest: ManifestJson; bytes: Buffer }> {
  const bytes = await readFile(join(dir, 'out', 'manifest.json'))
  return { manifest: JSON.parse(bytes.toString('utf8')) as ManifestJson, bytes }
}

function stateRows(dir: string, sql: string): Record<string, unknown>[] {
  const db = new Database(join(dir, '.rivet_state.db'), { readonly: true })
  try {
    return db.prepare(sql).all() as Record<string, unknown>[]
  } finally {
    db.close()
  }
}

describe.skipIf(pgUrl === null)('PostgreSQL export commit protocol (H01, J01–J03, I03)', () => {
  beforeAll(async () => {
    await pgExec(
      pgUrl as string,
      `CREATE TABLE ${big} AS SELECT g AS id, md5(g::text) AS h, (g * 0.01)::numeric(12,2) AS amt FROM generate_series(1, 250000) g;
       CREATE TABLE ${empty} (id int, name text);
       CREATE TABLE ${one} (id int, name text); INSERT INTO ${one} VALUES (1, 'only');
       CREATE TABLE ${fat} AS SELECT g AS id, CASE WHEN g = 30000 THEN repeat('x', 2 * 1024 * 1024) ELSE 'small' END AS body FROM generate_series(1, 40000) g;`,
    )
  })
  afterAll(async () => {
    await pgExec(pgUrl as string, `DROP TABLE IF EXISTS ${big}, ${empty}, ${one}, ${fat}`)
  })

  it.each([
    ['250k rows', big, 250_000],
    ['1 row', one, 1],
    ['0 rows', empty, 0],
  ])('%s: files, manifest, file_log and metrics agree; _SUCCESS matches the manifest', async (_label, tableName, expected) => {
    const project = await tempProject(yaml('e', `SELECT * FROM ${tableName} ORDER BY id`))
    const outcome = await runConfig(project.config, project.dir)
    expect(outcome.error).toBeUndefined()
    expect(outcome.aggregate.total_rows).toBe(expected)
    const files = (await readdir(join(project.dir, 'out'))).sort()
    const data = files.filter((f) => f.endsWith('.parquet'))
    expect(data).toHaveLength(1)
    expect(files.filter((f) => f.startsWith('.'))).toEqual([]) // no temp files left
    const parquetRows = await duckRows(`SELECT count(*)::INTEGER AS n FROM read_parquet('${join(project.dir, 'out', data[0] as string)}')`)
    expect(parquetRows[0]?.n).toBe(expected)
    const { manifest, bytes } = await readManifest(project.dir)
    expect(manifest).toMatchObject({ status: 'success', row_count: expected, part_count: 1 })
    expect(manifest.parts[0]).toMatchObject({ path: data[0], rows: expected })
    const success = await readFile(join(project.dir, 'out', '_SUCCESS'), 'utf8')
    expect(success).toBe(`${await xxh3Fingerprint(bytes)}\n`)
    expect(stateRows(project.dir, 'SELECT file_name, row_count FROM file_log')).toEqual([{ file_name: data[0], row_count: expected }])
    expect(stateRows(project.dir, 'SELECT status, total_rows, files_produced FROM export_metrics')).toEqual([{ status: 'success', total_rows: expected, files_produced: 1 }])
  })

  it('a writer failure mid-export leaves no final file, no temp file, no _SUCCESS and a failed metrics row', async () => {
    const project = await tempProject(yaml('fat', `SELECT * FROM ${fat} ORDER BY id`, ', max_value_mb: 1'))
    const outcome = await runConfig(project.config, project.dir)
    expect(outcome.error).toMatchObject({ code: 'RIVET_VALUE_TOO_LARGE' })
    const files = await readdir(join(project.dir, 'out'))
    expect(files.filter((f) => f.endsWith('.parquet') || f.endsWith('.tmp'))).toEqual([])
    expect(files).not.toContain('_SUCCESS')
    const { manifest } = await readManifest(project.dir)
    expect(manifest).toMatchObject({ status: 'failed', part_count: 0, row_count: 0 })
    expect(stateRows(project.dir, 'SELECT status FROM export_metrics')).toEqual([{ status: 'failed' }])
    expect(stateRows(project.dir, 'SELECT count(*) AS n FROM file_log')).toEqual([{ n: 0 }])
  })

  it('a destination failure (path is a file) fails with a code and writes no metrics row claiming success', async () => {
    const project = await tempProject(yaml('blocked', `SELECT * FROM ${one}`).replace('path: out', 'path: rivet.yaml/sub'))
    const outcome = await runConfig(project.config, project.dir)
    expect(outcome.error).toMatchObject({ code: 'RIVET_DEST_WRITE' })
    expect(stateRows(project.dir, "SELECT count(*) AS n FROM export_metrics WHERE status = 'success'")).toEqual([{ n: 0 }])
  })
})
