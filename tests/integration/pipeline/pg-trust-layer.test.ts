import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { duckRows } from '../../helpers/duckdb.js'
import { runConfig, tempProject } from '../../helpers/export-run.js'
import { pgExec } from '../../helpers/pg.js'
import { stateRows, storedCursor } from '../../helpers/state-db.js'
import { uniqueName } from '../../helpers/unique-name.js'

const pgUrl = inject('pgUrl')
const q = uniqueName('qual')
const dr = uniqueName('drift')
const sh = uniqueName('shape')
const sp = uniqueName('split')

function config(body: string): string {
  return `
source:
  type: postgres
  url: "${pgUrl as string}"
  tuning: { batch_size: 1000 }
exports:
${body}`
}

async function dataFiles(dir: string, ext: string): Promise<string[]> {
  return (await readdir(join(dir, 'out'))).filter((f) => f.endsWith(ext)).sort()
}

describe.skipIf(pgUrl === null)('single-export trust layer against PostgreSQL', () => {
  beforeAll(async () => {
    await pgExec(
      pgUrl as string,
      `CREATE TABLE ${q} AS SELECT g AS id, CASE WHEN g % 2 = 0 THEN NULL ELSE g END AS val, g % 10 AS dup FROM generate_series(1, 20) g;
       CREATE TABLE ${dr} (id int, name text); INSERT INTO ${dr} VALUES (1, 'a');
       CREATE TABLE ${sh} (id int, body text); INSERT INTO ${sh} VALUES (1, 'abc');
       CREATE TABLE ${sp} AS SELECT g AS id, repeat('z', 200) AS pad FROM generate_series(1, 5000) g;`,
    )
  })
  afterAll(async () => {
    await pgExec(pgUrl as string, `DROP TABLE IF EXISTS ${q}, ${dr}, ${sh}, ${sp}`)
  })

  it('a failed quality gate exits 3, uploads nothing and leaves the cursor unchanged (N01–N02)', async () => {
    const p = await tempProject(
      config(`  - name: qual
    query: "SELECT * FROM ${q}"
    mode: incremental
    cursor_column: id
    format: parquet
    quality: { row_count_min: 100, null_ratio_max: { val: 0.1 }, unique_columns: [dup], unique_max_entries: 1000 }
    destination: { type: local, path: out }
`),
    )
    const outcome = await runConfig(p.config, p.dir)
    expect(outcome.error).toMatchObject({ code: 'RIVET_QUALITY_GATE', exitClass: 3 })
    expect(outcome.error?.message).toContain("export 'qual': 3 quality check(s) failed:")
    expect(outcome.error?.message).toContain('row_count 20 below minimum 100')
    expect(outcome.error?.message).toContain("column 'val': null ratio 0.5000 exceeds threshold 0.1000")
    expect(outcome.error?.message).toContain("column 'dup': 10 duplicate values out of 20 rows")
    expect(await dataFiles(p.dir, '.parquet')).toEqual([])
    expect(JSON.parse(await readFile(join(p.dir, 'out', 'manifest.json'), 'utf8'))).toMatchObject({ status: 'failed', part_count: 0 })
    expect(storedCursor(p.dir, 'qual')).toBeNull()
  })

  it('schema drift: fail exits 4 before writing anything; warn proceeds and reports CHANGED (P01, AA.2)', async () => {
    const body = (policy: string) => `  - name: drift
    query: "SELECT * FROM ${dr}"
    format: csv
    on_schema_drift: ${policy}
    destination: { type: local, path: out }
`
    const p = await tempProject(config(body('fail')))
    expect((await runConfig(p.config, p.dir)).error).toBeUndefined()
    await pgExec(pgUrl as string, `ALTER TABLE ${dr} ADD COLUMN extra int`)
    const before = await dataFiles(p.dir, '.csv')
    const failed = await runConfig(p.config, p.dir)
    expect(failed.error).toMatchObject({ code: 'RIVET_SCHEMA_DRIFT', exitClass: 4 })
    expect(failed.error?.message).toContain("schema drift detected for export 'drift': 1 column(s) added, 0 removed, 0 retyped")
    expect(await dataFiles(p.dir, '.csv')).toEqual(before)
    // The stored schema is not updated, so every rerun fails again.
    expect((await runConfig(p.config, p.dir)).error).toMatchObject({ code: 'RIVET_SCHEMA_DRIFT' })
    const w = await tempProject(config(body('warn')))
    await pgExec(pgUrl as string, `ALTER TABLE ${dr} DROP COLUMN extra`)
    await runConfig(w.config, w.dir)
    await pgExec(pgUrl as string, `ALTER TABLE ${dr} ADD COLUMN extra2 text`)
    const warned = await runConfig(w.config, w.dir)
    expect(warned.error).toBeUndefined()
    expect(warned.results[0]?.schemaChanged).toBe(true)
    expect(stateRows(w.dir, 'SELECT schema_changed FROM export_metrics ORDER BY id')).toEqual([{ schema_changed: 0 }, { schema_changed: 1 }])
  })

  it('shape drift warns when a text column grows past the factor (P02)', async () => {
    const p = await tempProject(
      config(`  - name: shape
    query: "SELECT * FROM ${sh}"
    format: csv
    shape_drift_warn_factor: 2.0
    destination: { type: local, path: out }
`),
    )
    await runConfig(p.config, p.dir)
    await pgExec(pgUrl as string, `UPDATE ${sh} SET body = repeat('y', 50)`)
    await runConfig(p.config, p.dir)
    const journal = stateRows(p.dir, 'SELECT journal_json FROM run_journal ORDER BY finished_at DESC LIMIT 1')[0]?.journal_json as string
    expect(journal).toContain('shape_drift:body')
    expect(stateRows(p.dir, "SELECT max_byte_len FROM export_shape WHERE column_name = 'body'")).toEqual([{ max_byte_len: 50 }])
  })

  it('max_file_size splits CSV on batch boundaries, every part with its header (G05); --validate passes', async () => {
    const p = await tempProject(
      config(`  - name: split
    query: "SELECT * FROM ${sp} ORDER BY id"
    format: csv
    max_file_size: 300KB
    destination: { type: local, path: out }
`),
    )
    const outcome = await runConfig(p.config, p.dir, process.env, { validate: true })
    expect(outcome.error).toBeUndefined()
    expect(outcome.results[0]?.validated).toBe(true)
    const parts = await dataFiles(p.dir, '.csv')
    expect(parts.length).toBeGreaterThan(2)
    expect(parts.every((f) => /_part\d+\.csv$/.test(f))).toBe(true)
    let total = 0
    for (const [i, f] of parts.entries()) {
      const text = await readFile(join(p.dir, 'out', f), 'utf8')
      const lines = text.trimEnd().split('\n')
      expect(lines[0]).toBe('id,pad')
      // A part closes at the first batch boundary at or past the limit.
      if (i < parts.length - 1) expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(300 * 1024)
      total += lines.length - 1
    }
    expect(total).toBe(5000)
    const manifest = JSON.parse(await readFile(join(p.dir, 'out', 'manifest.json'), 'utf8')) as { part_count: number; parts: { path: string }[] }
    expect(manifest.part_count).toBe(parts.length)
  })

  it('meta columns are appended last and the row hash is stable across runs (O01–O02)', async () => {
    const p = await tempProject(
      config(`  - name: meta
    query: "SELECT * FROM ${q} ORDER BY id"
    format: parquet
    meta_columns: { exported_at: true, row_hash: true }
    destination: { type: local, path: out }
`),
    )
    await runConfig(p.config, p.dir)
    await new Promise((r) => setTimeout(r, 1100))
    await runConfig(p.config, p.dir)
    const files = await dataFiles(p.dir, '.parquet')
    expect(files).toHaveLength(2)
    const read = (f: string) => duckRows(`SELECT id, CAST(_rivet_row_hash AS VARCHAR) h, CAST(_rivet_exported_at AS VARCHAR) t FROM read_parquet('${join(p.dir, 'out', f)}') ORDER BY id`)
    const [a, b] = [await read(files[0] as string), await read(files[1] as string)]
    expect(a.map((r) => r.h)).toEqual(b.map((r) => r.h))
    expect(new Set(a.map((r) => r.h)).size).toBe(20)
    expect(new Set(a.map((r) => r.t)).size).toBe(1)
    expect(a[0]?.t).not.toBe(b[0]?.t)
    const cols = await duckRows(`SELECT name FROM parquet_schema('${join(p.dir, 'out', files[0] as string)}')`)
    expect(cols.map((c) => c.name).slice(-2)).toEqual(['_rivet_exported_at', '_rivet_row_hash'])
  })
})
