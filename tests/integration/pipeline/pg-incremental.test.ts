import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runConfig, tempProject } from '../../helpers/export-run.js'
import { pgExec } from '../../helpers/pg.js'
import { stateRows, storedCursor } from '../../helpers/state-db.js'
import { uniqueName } from '../../helpers/unique-name.js'

const pgUrl = inject('pgUrl')
const t = uniqueName('inc')
const co = uniqueName('coal')
const nl = uniqueName('nulllast')
const dec = uniqueName('deccur')
const tz = uniqueName('tzcur')

function config(name: string, query: string, cursor: string, extra = ''): string {
  return `
source:
  type: postgres
  url: "${pgUrl as string}"
  tuning: { batch_size: 100, max_retries: 2, retry_backoff_ms: 10 }
exports:
  - name: ${name}
    query: "${query}"
    mode: incremental
    cursor_column: ${cursor}
${extra}    format: csv
    destination: { type: local, path: out }
`
}

/** Data lines of every CSV written so far, in file-name order. */
async function csvLines(dir: string): Promise<string[]> {
  const files = (await readdir(join(dir, 'out'))).filter((f) => f.endsWith('.csv')).sort()
  const out: string[] = []
  for (const f of files) out.push(...(await readFile(join(dir, 'out', f), 'utf8')).trimEnd().split('\n').slice(1).filter((l) => l !== ''))
  return out
}

describe.skipIf(pgUrl === null)('incremental mode (D07–D09, AA.1) against PostgreSQL', () => {
  beforeAll(async () => {
    await pgExec(
      pgUrl as string,
      `CREATE TABLE ${t} AS SELECT g AS id, 'v' || g AS v FROM generate_series(1, 250) g;
       CREATE TABLE ${co} (id int, updated_at timestamptz, created_at timestamptz NOT NULL);
       INSERT INTO ${co} VALUES (1, NULL, '2024-01-01 00:00:00+00'), (2, '2024-01-03 00:00:00+00', '2024-01-01 00:00:00+00'), (3, NULL, '2024-01-02 00:00:00+00');
       CREATE TABLE ${nl} (id int, k int); INSERT INTO ${nl} VALUES (1, 10), (2, 20), (3, NULL);
       CREATE TABLE ${dec} (id int, amount numeric(20,6)); INSERT INTO ${dec} VALUES (1, 1.5), (2, 12345678901234.123456);
       CREATE TABLE ${tz} (id int, at timestamptz); INSERT INTO ${tz} VALUES (1, '2024-03-31 01:59:59.999999+01'), (2, '2024-03-31 03:00:00+02');`,
    )
  })
  afterAll(async () => {
    await pgExec(pgUrl as string, `DROP TABLE IF EXISTS ${t}, ${co}, ${nl}, ${dec}, ${tz}`)
  })

  it('three-run cycle: first run exports all, second only new rows, third with nothing new writes an empty file and keeps the cursor', async () => {
    const p = await tempProject(config('cyc', `SELECT id, v FROM ${t}`, 'id'))
    expect((await runConfig(p.config, p.dir)).aggregate.total_rows).toBe(250)
    expect(storedCursor(p.dir, 'cyc')).toBe('250')
    await pgExec(pgUrl as string, `INSERT INTO ${t} SELECT g, 'v' || g FROM generate_series(251, 300) g`)
    const second = await runConfig(p.config, p.dir)
    expect(second.aggregate.total_rows).toBe(50)
    expect(storedCursor(p.dir, 'cyc')).toBe('300')
    const third = await runConfig(p.config, p.dir)
    expect(third.aggregate.total_rows).toBe(0)
    expect(storedCursor(p.dir, 'cyc')).toBe('300')
    const lines = await csvLines(p.dir)
    expect(lines).toHaveLength(300)
    expect(new Set(lines.map((l) => l.split(',')[0])).size).toBe(300)
  })

  it('skip_empty: a run with no new rows is skipped naming the cursor, and writes no file', async () => {
    const p = await tempProject(config('skip', `SELECT id, v FROM ${t} WHERE id <= 10`, 'id', '    skip_empty: true\n'))
    await runConfig(p.config, p.dir)
    const again = await runConfig(p.config, p.dir)
    expect(again.results[0]).toMatchObject({ status: 'skipped', skipReason: "no new rows since cursor 'id'" })
    expect((await readdir(join(p.dir, 'out'))).filter((f) => f.endsWith('.csv'))).toHaveLength(1)
  })

  it('coalesce cursor with NULL primary values uses the fallback and strips the synthetic column', async () => {
    const p = await tempProject(config('co', `SELECT id, updated_at, created_at FROM ${co}`, 'updated_at', '    cursor_fallback_column: created_at\n    incremental_cursor_mode: coalesce\n'))
    const first = await runConfig(p.config, p.dir)
    expect(first.aggregate.total_rows).toBe(3)
    expect(storedCursor(p.dir, 'co')).toBe('2024-01-03T00:00:00.000000')
    const text = await readFile(join(p.dir, 'out', (await readdir(join(p.dir, 'out'))).find((f) => f.endsWith('.csv')) as string), 'utf8')
    expect(text.split('\n')[0]).toBe('id,updated_at,created_at')
    await pgExec(pgUrl as string, `INSERT INTO ${co} VALUES (4, NULL, '2024-01-04 00:00:00+00')`)
    const second = await runConfig(p.config, p.dir)
    expect(second.aggregate.total_rows).toBe(1)
    expect(storedCursor(p.dir, 'co')).toBe('2024-01-04T00:00:00.000000')
  })

  it('a NULL cursor value in the last row does not stall the cursor (AA.1)', async () => {
    const p = await tempProject(config('nl', `SELECT id, k FROM ${nl}`, 'k'))
    await runConfig(p.config, p.dir)
    expect(storedCursor(p.dir, 'nl')).toBe('20')
  })

  it('decimal and timestamptz cursors advance with exact text', async () => {
    const d = await tempProject(config('dec', `SELECT id, amount FROM ${dec}`, 'amount'))
    await runConfig(d.config, d.dir)
    expect(storedCursor(d.dir, 'dec')).toBe('12345678901234.123456')
    await pgExec(pgUrl as string, `INSERT INTO ${dec} VALUES (3, 12345678901234.123457)`)
    expect((await runConfig(d.config, d.dir)).aggregate.total_rows).toBe(1)
    const z = await tempProject(config('tz', `SELECT id, at FROM ${tz}`, 'at'))
    await runConfig(z.config, z.dir)
    expect(storedCursor(z.dir, 'tz')).toBe('2024-03-31T01:00:00.000000')
    expect((await runConfig(z.config, z.dir)).aggregate.total_rows).toBe(0)
  })

  it('a destination failure never advances the cursor', async () => {
    const p = await tempProject(config('df', `SELECT id, v FROM ${t}`, 'id').replace('path: out', 'path: rivet.yaml/x'))
    const outcome = await runConfig(p.config, p.dir)
    expect(outcome.error).toMatchObject({ code: 'RIVET_DEST_WRITE' })
    expect(storedCursor(p.dir, 'df')).toBeNull()
  })

  it('a statement timeout is permanent: no retry, RIVET_SOURCE_TIMEOUT, cursor unchanged', async () => {
    const p = await tempProject(config('slowq', `SELECT id, v FROM ${t} WHERE pg_sleep(1.5) IS NOT NULL`, 'id').replace('max_retries: 2', 'max_retries: 2, statement_timeout_s: 1'))
    const outcome = await runConfig(p.config, p.dir)
    expect(outcome.error).toMatchObject({ code: 'RIVET_SOURCE_TIMEOUT' })
    expect(outcome.results[0]?.retries).toBe(0)
    expect(storedCursor(p.dir, 'slowq')).toBeNull()
    expect(stateRows(p.dir, 'SELECT retries, status FROM export_metrics')).toEqual([{ retries: 0, status: 'failed' }])
  })
})
