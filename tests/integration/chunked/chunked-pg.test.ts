import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { isRivetError } from '../../../src/errors/index.js'
import { runConfig, tempProject } from '../../helpers/export-run.js'
import { pgExec } from '../../helpers/pg.js'
import { uniqueName } from '../../helpers/unique-name.js'
import { CHUNK_FILE, chunkFiles, ids } from './chunk-output.js'

const pgUrl = inject('pgUrl')
const small = uniqueName('ck_small')
const big = uniqueName('ck_bigkey')
const rows = uniqueName('ck_rows')

function yaml(name: string, body: string, tuning = 'batch_size: 10'): string {
  return `
source:
  type: postgres
  url: "${pgUrl as string}"
  tuning: { ${tuning} }
exports:
  - name: ${name}
${body}
    mode: chunked
    format: csv
    destination: { type: local, path: out }
`
}

describe.skipIf(pgUrl === null)('chunked mode on PostgreSQL: escape, BIGINT keys, chunk_count, rotation, quality', () => {
  beforeAll(async () => {
    const url = pgUrl as string
    await pgExec(url, `CREATE TABLE ${small} (id integer PRIMARY KEY, label text); INSERT INTO ${small} SELECT g, 'r' || g FROM generate_series(1, 25) g; ANALYZE ${small}`)
    await pgExec(url, `CREATE TABLE ${big} (id bigint NOT NULL, label text); INSERT INTO ${big} SELECT 9223372036854775807 - g, 'r' || g FROM generate_series(0, 7) g; INSERT INTO ${big} VALUES (-9223372036854775808, 'min')`)
    await pgExec(url, `CREATE TABLE ${rows} (id integer NOT NULL, label text); INSERT INTO ${rows} SELECT g, CASE WHEN g % 2 = 0 THEN NULL ELSE 'row number ' || g END FROM generate_series(1, 100) g`)
  })
  afterAll(async () => {
    await pgExec(pgUrl as string, `DROP TABLE IF EXISTS ${small}; DROP TABLE IF EXISTS ${big}; DROP TABLE IF EXISTS ${rows}`)
  })

  it('a small analysed table with no explicit shape runs as one snapshot file (D17)', async () => {
    const { dir, config } = await tempProject(yaml('tiny', `    table: ${small}\n    chunk_size: 100`))
    const outcome = await runConfig(config, dir)
    expect(outcome.error).toBeUndefined()
    expect(outcome.results[0]?.mode).toBe('full')
    const files = (await readdir(join(dir, 'out'))).filter((f) => f.endsWith('.csv'))
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(/^tiny_\d{8}_\d{6}\.csv$/)
  })

  it('an explicit chunk_column keeps chunking even for a small table (D17)', async () => {
    const { dir, config } = await tempProject(yaml('tinyck', `    table: ${small}\n    chunk_column: id\n    chunk_size: 10`))
    expect((await runConfig(config, dir)).error).toBeUndefined()
    expect((await chunkFiles(dir)).map((f) => f.index)).toEqual([0, 1, 2])
  })

  it('keys at ±2^63 are windowed exactly', async () => {
    const { dir, config } = await tempProject(yaml('bigkey', `    query: "SELECT id, label FROM ${big} WHERE id > 0"\n    chunk_column: id\n    chunk_size: 3`))
    expect((await runConfig(config, dir)).error).toBeUndefined()
    const files = await chunkFiles(dir)
    const keys = files.map((f) => f.lines.map((l) => BigInt(l.split(',')[0] ?? '')).sort((a, b) => (a < b ? -1 : 1)))
    const max = 2n ** 63n - 1n
    expect(keys).toEqual([[max - 7n, max - 6n, max - 5n], [max - 4n, max - 3n, max - 2n], [max - 1n, max]])
  })

  it('chunk_count splits min..max into N windows (D12)', async () => {
    const { dir, config } = await tempProject(yaml('bycount', `    query: "SELECT id, label FROM ${rows}"\n    chunk_column: id\n    chunk_count: 3`))
    expect((await runConfig(config, dir)).error).toBeUndefined()
    expect((await chunkFiles(dir)).map((f) => f.lines.length)).toEqual([34, 34, 32])
  })

  it('a chunk rotated by max_file_size names every part _p<k> (G04)', async () => {
    const { dir, config } = await tempProject(yaml('rotate', `    query: "SELECT id, label FROM ${rows}"\n    chunk_column: id\n    chunk_size: 50\n    max_file_size: 200`))
    const outcome = await runConfig(config, dir)
    expect(outcome.error).toBeUndefined()
    const names = (await readdir(join(dir, 'out'))).filter((f) => f.endsWith('.csv'))
    const parsed = names.map((n) => CHUNK_FILE.exec(n)?.groups)
    for (const g of parsed) expect(g?.part).toBeDefined()
    const chunk0 = parsed.filter((g) => g?.index === '0')
    expect(new Set(chunk0.map((g) => g?.nonce)).size).toBe(1)
    expect(chunk0.map((g) => Number(g?.part)).sort((a, b) => a - b)).toEqual([...Array(chunk0.length).keys()])
    expect(chunk0.length).toBeGreaterThan(1)
    let total = 0
    for (const n of names) total += (await readFile(join(dir, 'out', n), 'utf8')).trimEnd().split('\n').length - 1
    expect(total).toBe(100)
    const manifest = JSON.parse(await readFile(join(dir, 'out', 'manifest.json'), 'utf8')) as { part_count: number; row_count: number }
    expect([manifest.part_count, manifest.row_count]).toEqual([names.length, 100])
  })

  it('row_count bounds are checked over all chunks; the files stay (N02)', async () => {
    const { dir, config } = await tempProject(yaml('quality', `    query: "SELECT id, label FROM ${rows}"\n    chunk_column: id\n    chunk_size: 40\n    quality: { row_count_max: 60, null_ratio_max: { label: 0.1 } }`))
    const outcome = await runConfig(config, dir)
    expect(isRivetError(outcome.error) && outcome.error.code).toBe('RIVET_QUALITY_GATE')
    const files = await chunkFiles(dir)
    expect(files.flatMap((f) => ids(f.lines))).toHaveLength(100)
    const manifest = JSON.parse(await readFile(join(dir, 'out', 'manifest.json'), 'utf8')) as { status: string; part_count: number }
    expect([manifest.status, manifest.part_count]).toEqual(['failed', 3])
  })

  it('parallel workers: a failing chunk fails the run with its error; the other chunks stay committed (D18)', async () => {
    const { dir, config } = await tempProject(yaml('parfail', `    query: "SELECT id, 100 / (id - 55) AS x FROM ${rows}"\n    chunk_column: id\n    chunk_size: 10\n    parallel: 3`, 'batch_size: 10, max_retries: 0'))
    const outcome = await runConfig(config, dir)
    expect(isRivetError(outcome.error) && outcome.error.code).toBe('RIVET_SOURCE_QUERY')
    expect(outcome.error?.message).toContain('division by zero')
    const files = await chunkFiles(dir)
    expect(files.map((f) => f.index)).not.toContain(5)
    const manifest = JSON.parse(await readFile(join(dir, 'out', 'manifest.json'), 'utf8')) as { status: string; part_count: number }
    expect([manifest.status, manifest.part_count]).toEqual(['failed', files.length])
    const active = await countConnections()
    expect(active).toBe(0)
  })

  it('parallel workers with checkpoints complete every task once (D18 + D19)', async () => {
    const { dir, config } = await tempProject(yaml('parckpt', `    query: "SELECT id, label FROM ${rows}"\n    chunk_column: id\n    chunk_size: 10\n    parallel: 3\n    chunk_checkpoint: true`))
    const outcome = await runConfig(config, dir)
    expect(outcome.error).toBeUndefined()
    const files = await chunkFiles(dir)
    expect(files.map((f) => f.index)).toEqual([...Array(10).keys()])
    expect(files.flatMap((f) => ids(f.lines)).sort((a, b) => a - b)).toEqual([...Array(100).keys()].map((i) => i + 1))
  })
})

describe.skipIf(pgUrl === null)('chunk-level retries (F09) on PostgreSQL', () => {
  const fn = uniqueName('ck_flaky')
  const t = uniqueName('ck_retry')
  const flags: string[] = []
  const flag = (name: string): string => {
    const path = `/tmp/${name}.flag`
    flags.push(path)
    return path
  }
  beforeAll(async () => {
    // The server itself leaves a flag file on the first call, so only the first chunk attempt (not the probes) of the window holding id 42 fails with SQLSTATE 40001.
    await pgExec(pgUrl as string, `CREATE TABLE ${t} AS SELECT g AS id, 'r' || g AS label FROM generate_series(1, 100) g;
      CREATE FUNCTION ${fn}(i int, f text) RETURNS int LANGUAGE plpgsql AS $$
      BEGIN
        IF i = 42 AND current_query() NOT LIKE '%COUNT(%' AND current_query() NOT LIKE '%MIN(%' AND current_query() NOT LIKE '%MAX(%' AND pg_stat_file(f, true) IS NULL THEN
          EXECUTE format('COPY (SELECT 1) TO %L', f);
          RAISE EXCEPTION 'injected serialization failure' USING ERRCODE = '40001';
        END IF;
        RETURN i;
      END $$`)
  })
  afterAll(async () => {
    await pgExec(pgUrl as string, `DROP TABLE IF EXISTS ${t}; DROP FUNCTION IF EXISTS ${fn}(int, text); DROP FUNCTION IF EXISTS ${fn}_probe(int, text)`)
    await Promise.all(flags.map((f) => rm(f, { force: true })))
  })

  it('a transient failure while probing MIN/MAX is retried on a fresh connection', async () => {
    await pgExec(pgUrl as string, `CREATE FUNCTION ${fn}_probe(i int, f text) RETURNS int LANGUAGE plpgsql AS $$
      BEGIN
        IF current_query() LIKE '%MIN(%' AND pg_stat_file(f, true) IS NULL THEN
          EXECUTE format('COPY (SELECT 1) TO %L', f);
          RAISE EXCEPTION 'injected deadlock' USING ERRCODE = '40P01';
        END IF;
        RETURN i;
      END $$`)
    const f = flag(uniqueName('probe'))
    const { dir, config } = await tempProject(yaml('probe', `    query: "SELECT ${fn}_probe(id, '${f}') AS id, label FROM ${t}"\n    chunk_column: id\n    chunk_size: 50`, 'batch_size: 10, max_retries: 1, retry_backoff_ms: 10'))
    const outcome = await runConfig(config, dir)
    expect(outcome.error).toBeUndefined()
    expect(outcome.results[0]?.retries).toBe(1)
    expect((await chunkFiles(dir)).flatMap((x) => ids(x.lines))).toHaveLength(100)
  })

  it('a transient failure re-runs only that window, with backoff', async () => {
    const f = flag(uniqueName('retry'))
    const { dir, config } = await tempProject(yaml('retry', `    query: "SELECT id, label, ${fn}(id, '${f}') AS k FROM ${t}"\n    chunk_column: id\n    chunk_size: 10`, 'batch_size: 10, max_retries: 2, retry_backoff_ms: 10'))
    const outcome = await runConfig(config, dir)
    expect(outcome.error).toBeUndefined()
    expect(outcome.results[0]?.retries).toBe(1)
    const files = await chunkFiles(dir)
    expect(files.map((x) => x.index)).toEqual([...Array(10).keys()])
    expect(files.flatMap((x) => ids(x.lines))).toHaveLength(100)
  })

  it('with checkpoints, a failed task is claimed again up to chunk_max_attempts', async () => {
    const f = flag(uniqueName('attempts'))
    const { dir, config } = await tempProject(yaml('attempts', `    query: "SELECT id, label, ${fn}(id, '${f}') AS k FROM ${t}"\n    chunk_column: id\n    chunk_size: 10\n    chunk_checkpoint: true\n    chunk_max_attempts: 2`, 'batch_size: 10, max_retries: 0, retry_backoff_ms: 10'))
    const outcome = await runConfig(config, dir)
    expect(outcome.error).toBeUndefined()
    const { stateRows } = await import('../../helpers/state-db.js')
    const tasks = stateRows(dir, 'SELECT chunk_index, attempts, status FROM chunk_task ORDER BY chunk_index')
    expect(tasks.map((r) => [r.chunk_index, r.attempts, r.status])).toEqual([...Array(10).keys()].map((i) => [i, i === 4 ? 2 : 1, 'completed']))
  })
})

/** rivet connections still open whose last statement touched the test table (waits up to 2 s for disconnects to land). */
async function countConnections(): Promise<number> {
  const { pgClient } = await import('../../helpers/pg.js')
  const c = await pgClient(pgUrl as string)
  try {
    let n = -1
    for (let i = 0; i < 20 && n !== 0; i++) {
      const r = await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND application_name = 'rivet' AND query LIKE '%${rows}%'`)
      n = Number(r.rows[0]?.n ?? '0')
      if (n !== 0) await new Promise((r) => setTimeout(r, 100))
    }
    return n
  } finally {
    await c.end()
  }
}
