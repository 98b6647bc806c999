import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isRivetError } from '../../../src/errors/index.js'
import { engineTargets, type EngineTarget } from '../../helpers/engines.js'
import { runConfig, tempProject } from '../../helpers/export-run.js'
import { stateRows } from '../../helpers/state-db.js'
import { uniqueName } from '../../helpers/unique-name.js'
import { chunkFiles, ids } from './chunk-output.js'

const seq = (n: number): string => `WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${n}) SELECT n, CONCAT('row ', n) FROM g`

function yaml(e: EngineTarget, name: string, body: string): string {
  return `
source:
  type: ${e.engine}
  url: "${e.url}"
  tuning: { batch_size: 50, max_retries: 1, retry_backoff_ms: 10 }
exports:
  - name: ${name}
${body}
    mode: chunked
    format: csv
    destination: { type: local, path: out }
`
}

describe.each(engineTargets())('$engine: chunked mode (D10–D15, D18)', (e) => {
  const dense = uniqueName('ck_dense')
  const sparse = uniqueName('ck_sparse')
  const nulls = uniqueName('ck_nulls')
  const days = uniqueName('ck_days')
  const pk = uniqueName('ck_pk')
  const ts = e.engine === 'mysql' ? 'datetime(6)' : 'timestamp'
  beforeAll(async () => {
    await e.exec(`CREATE TABLE ${dense} (id bigint NOT NULL, label varchar(40))`)
    await e.exec(`INSERT INTO ${dense} (id, label) ${seq(100)}`)
    await e.exec(`CREATE TABLE ${sparse} (id bigint NOT NULL, label varchar(40))`)
    await e.exec(`INSERT INTO ${sparse} (id, label) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (1000, 'd'), (1001, 'e'), (5000, 'f')`)
    await e.exec(`CREATE TABLE ${nulls} (id bigint, k bigint, label varchar(40))`)
    await e.exec(`INSERT INTO ${nulls} (id, k, label) VALUES (1, 10, 'a'), (2, NULL, 'b'), (3, 30, 'c'), (4, NULL, 'd'), (5, 20, 'e')`)
    await e.exec(`CREATE TABLE ${days} (id bigint NOT NULL, at ${ts} NOT NULL)`)
    await e.exec(`INSERT INTO ${days} (id, at) VALUES (1, '2024-01-01 00:00:00'), (2, '2024-01-01 12:00:00'), (3, '2024-01-02 08:30:00'), (4, '2024-01-03 00:00:00'), (5, '2024-01-03 23:59:59.999999')`)
    await e.exec(`CREATE TABLE ${pk} (id integer PRIMARY KEY, label varchar(40))`)
    await e.exec(`INSERT INTO ${pk} (id, label) ${seq(25)}`)
  })
  afterAll(async () => {
    for (const t of [dense, sparse, nulls, days, pk]) await e.exec(`DROP TABLE IF EXISTS ${t}`)
  })

  it('ids 1..100, chunk_size 30 → four files with exactly the D10 windows', async () => {
    const { dir, config } = await tempProject(yaml(e, 'ranges', `    query: "SELECT id, label FROM ${dense}"\n    chunk_column: id\n    chunk_size: 30`))
    const outcome = await runConfig(config, dir)
    expect(outcome.error).toBeUndefined()
    const files = await chunkFiles(dir)
    expect(files.map((f) => f.index)).toEqual([0, 1, 2, 3])
    const ranges = files.map((f) => [Math.min(...ids(f.lines)), Math.max(...ids(f.lines)), f.lines.length])
    expect(ranges).toEqual([[1, 30, 30], [31, 60, 30], [61, 90, 30], [91, 100, 10]])
    expect(files[0]?.header).toBe('id,label')
    expect(outcome.results[0]?.rows).toBe(100)
    expect(outcome.results[0]?.files).toHaveLength(4)
  })

  it('sparse ids write no file for empty windows', async () => {
    const { dir, config } = await tempProject(yaml(e, 'sparse', `    table: ${sparse}\n    chunk_column: id\n    chunk_size: 10`))
    const outcome = await runConfig(config, dir)
    expect(outcome.error).toBeUndefined()
    const files = await chunkFiles(dir)
    // 500 range windows would be mostly empty (density 6/5000): one row-count window holds all 6 keys.
    expect(files.map((f) => [f.index, ids(f.lines)])).toEqual([[0, [1, 2, 3, 1000, 1001, 5000]]])
  })

  it('sparse ids are cut into row-count windows, none empty', async () => {
    const { dir, config } = await tempProject(yaml(e, 'sparse2', `    table: ${sparse}\n    chunk_column: id\n    chunk_size: 2`))
    const outcome = await runConfig(config, dir)
    expect(outcome.error).toBeUndefined()
    const files = await chunkFiles(dir)
    // Starts at ordinals 1, 3, 5 → keys 1, 3, 1001 → windows [1,2], [3,1000], [1001,5000].
    expect(files.map((f) => [f.index, ids(f.lines)])).toEqual([[0, [1, 2]], [1, [3, 1000]], [2, [1001, 5000]]])
  })

  it('the density check uses the catalog estimate once the table is analysed: same windows', async () => {
    await e.exec(e.engine === 'mysql' ? `ANALYZE TABLE ${sparse}` : `ANALYZE ${sparse}`)
    const { dir, config } = await tempProject(yaml(e, 'sparse3', `    table: ${sparse}\n    chunk_column: id\n    chunk_size: 2`))
    const outcome = await runConfig(config, dir)
    expect(outcome.error).toBeUndefined()
    const files = await chunkFiles(dir)
    expect(files.map((f) => [f.index, ids(f.lines)])).toEqual([[0, [1, 2]], [1, [3, 1000]], [2, [1001, 5000]]])
  })

  it('NULL chunk keys are refused with their count (D11)', async () => {
    const { dir, config } = await tempProject(yaml(e, 'nullkeys', `    query: "SELECT id, k, label FROM ${nulls}"\n    chunk_column: k\n    chunk_size: 10`))
    const outcome = await runConfig(config, dir)
    const err = outcome.error
    expect(isRivetError(err) && err.code).toBe('RIVET_CHUNK_NULL_KEYS')
    expect(err?.message).toContain("2 row(s) have NULL in chunk_column 'k'")
  })

  it('chunk_dense covers NULL keys and strips the ordinal column (D13)', async () => {
    const { dir, config } = await tempProject(yaml(e, 'densenull', `    query: "SELECT id, k, label FROM ${nulls}"\n    chunk_column: k\n    chunk_dense: true\n    chunk_size: 2`))
    const outcome = await runConfig(config, dir)
    expect(outcome.error).toBeUndefined()
    const files = await chunkFiles(dir)
    expect(files.map((f) => f.index)).toEqual([0, 1, 2])
    expect(new Set(files.map((f) => f.header))).toEqual(new Set(['id,k,label']))
    expect(files.flatMap((f) => ids(f.lines)).sort()).toEqual([1, 2, 3, 4, 5])
  })

  it('chunk_by_days includes 23:59:59.999999 of the last day (D14)', async () => {
    const { dir, config } = await tempProject(yaml(e, 'bydays', `    query: "SELECT id, at FROM ${days}"\n    chunk_column: at\n    chunk_by_days: 1`))
    const outcome = await runConfig(config, dir)
    expect(outcome.error).toBeUndefined()
    const files = await chunkFiles(dir)
    expect(files.map((f) => [f.index, ids(f.lines).sort()])).toEqual([[0, [1, 2]], [1, [3]], [2, [4, 5]]])
  })

  it('parallel 1 and 2 produce the same rows (D18)', async () => {
    const body = (p: number): string => `    query: "SELECT id, label FROM ${dense}"\n    chunk_column: id\n    chunk_size: 7\n    parallel: ${p}`
    const one = await tempProject(yaml(e, 'par1', body(1)))
    const two = await tempProject(yaml(e, 'par2', body(2)))
    expect((await runConfig(one.config, one.dir)).error).toBeUndefined()
    expect((await runConfig(two.config, two.dir)).error).toBeUndefined()
    const rows = async (dir: string): Promise<string[]> => (await chunkFiles(dir)).flatMap((f) => f.lines).sort()
    const a = await rows(one.dir)
    expect(a).toHaveLength(100)
    expect(await rows(two.dir)).toEqual(a)
    expect((await chunkFiles(two.dir)).map((f) => f.index)).toEqual([...Array(15).keys()])
  })

  it('a checkpointed run completes every task; the next plain run starts a new checkpoint (D19)', async () => {
    const { dir, config } = await tempProject(yaml(e, 'ckpt', `    query: "SELECT id, label FROM ${dense}"\n    chunk_column: id\n    chunk_size: 25\n    chunk_checkpoint: true\n    parallel: 2`))
    expect((await runConfig(config, dir)).error).toBeUndefined()
    expect((await runConfig(config, dir)).error).toBeUndefined()
    const runs = stateRows(dir, 'SELECT status FROM chunk_run')
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed'])
    const tasks = stateRows(dir, 'SELECT status, rows_written FROM chunk_task')
    expect(tasks).toHaveLength(8)
    expect(tasks.every((t) => t.status === 'completed' && t.rows_written === 25)).toBe(true)
    // _SUCCESS is there: --resume is refused (H10); with --force it finds nothing to resume (I06).
    const refused = await runConfig(config, dir, process.env, { resume: true })
    expect(isRivetError(refused.error) && refused.error.code).toBe('RIVET_CHECKPOINT_RESUME_REFUSED')
    const forced = await runConfig(config, dir, process.env, { resume: true, force: true })
    expect(isRivetError(forced.error) && forced.error.code).toBe('RIVET_CHECKPOINT_NOT_FOUND')
  })

  it('auto-resolves chunk_column from a single-integer primary key (D15)', async () => {
    const { dir, config } = await tempProject(yaml(e, 'autopk', `    table: ${pk}\n    chunk_size: 10`))
    const outcome = await runConfig(config, dir)
    expect(outcome.error).toBeUndefined()
    const files = await chunkFiles(dir)
    expect(files.map((f) => ids(f.lines).sort((x, y) => x - y))).toEqual([[...Array(10).keys()].map((i) => i + 1), [...Array(10).keys()].map((i) => i + 11), [21, 22, 23, 24, 25]])
  })

  it('a table without a single-integer primary key and no chunk_column is refused (D15)', async () => {
    const { dir, config } = await tempProject(yaml(e, 'nocol', `    table: ${sparse}\n    chunk_size: 2`))
    const outcome = await runConfig(config, dir)
    expect(isRivetError(outcome.error) && outcome.error.code).toBe('RIVET_CHUNK_COLUMN_REQUIRED')
    expect(outcome.error?.message).toContain("chunked mode requires 'chunk_column'")
  })
})
