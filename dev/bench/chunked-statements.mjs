#!/usr/bin/env node
// Chunked exports on PostgreSQL: statements issued against the table, the longest statement
// seen, and wall time, for parallel 1 and 2, on a dense and a sparse fixture (issue 6).
//
//   node dev/bench/chunked-statements.mjs [scale=0.1]
//   RIVET_BENCH_PG_URL=postgresql://postgres@127.0.0.1:5432/rivet_test (default)
//
// Statements naming the table are counted from the server log: the script sets
// `log_statement = 'all'` for the role in this database for the duration of each run and
// resets it (needs a superuser role; log file from RIVET_BENCH_PG_LOG, default the Debian
// /var/log/postgresql/*.log). pg_stat_user_tables scan counts are not used: the planner's own
// index probes for BETWEEN estimates count as scans too. The longest statement is sampled from
// pg_stat_activity every 20 ms. Needs `npm run build`. Writes only to a temp directory; drops
// its tables at the end.
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout } from 'node:timers'
import { URL } from 'node:url'
import pg from 'pg'

const scale = Number(process.argv[2] ?? 0.1)
const url = process.env.RIVET_BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/rivet_test'
const cli = resolve(import.meta.dirname, '..', '..', 'bin', 'rivet.js')
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const admin = new pg.Client({ connectionString: url })
await admin.connect()

const denseRows = Math.round(scale * 1_000_000)
const sparseRows = Math.round(scale * 500_000)
const chunk = Math.max(1000, Math.round(denseRows / 20))
await admin.query(`DROP TABLE IF EXISTS bench_chunk_dense, bench_chunk_sparse`)
await admin.query(`CREATE TABLE bench_chunk_dense AS SELECT g::bigint AS id, md5(g::text) AS h, (g % 1000)::int AS n FROM generate_series(1, ${denseRows}) g`)
await admin.query(`ALTER TABLE bench_chunk_dense ADD PRIMARY KEY (id)`)
// 80% spread over 0..10^12, 20% in one dense cluster.
await admin.query(`CREATE TABLE bench_chunk_sparse AS
  SELECT DISTINCT ON (id) id, md5(id::text) AS h FROM (
    SELECT (g::bigint * (1000000000000 / ${sparseRows})) AS id FROM generate_series(1, ${Math.round(sparseRows * 0.8)}) g
    UNION ALL SELECT 500000000000 + g FROM generate_series(1, ${Math.round(sparseRows * 0.2)}) g) s`)
await admin.query(`ALTER TABLE bench_chunk_sparse ADD PRIMARY KEY (id)`)
// No parallel scans: a parallel worker's scan would count as a second scan of one statement.
await admin.query('ALTER TABLE bench_chunk_dense SET (parallel_workers = 0); ALTER TABLE bench_chunk_sparse SET (parallel_workers = 0)')
await admin.query('ANALYZE bench_chunk_dense; ANALYZE bench_chunk_sparse')

const logFile = process.env.RIVET_BENCH_PG_LOG ?? join('/var/log/postgresql', readdirSync('/var/log/postgresql').find((f) => f.endsWith('.log')) ?? 'postgresql.log')
const dbName = new URL(url).pathname.slice(1)
const role = (await admin.query('SELECT current_user AS u')).rows[0].u
const logSize = () => statSync(logFile).size
function statementsSince(offset, table) {
  const text = readFileSync(logFile).subarray(offset).toString('utf8')
  return text.split('\n').filter((l) => l.includes('statement: ') && l.includes(table) && !l.includes('pg_stat_activity')).length
}

for (const table of ['bench_chunk_dense', 'bench_chunk_sparse']) {
  // Exact after ANALYZE on these static tables, and no scan of our own to count.
  const rows = Number((await admin.query(`SELECT reltuples::bigint AS n FROM pg_class WHERE relname = $1`, [table])).rows[0].n)
  for (const parallel of [1, 2]) {
    const dir = mkdtempSync(join(tmpdir(), 'rivet-bench-'))
    writeFileSync(
      join(dir, 'rivet.yaml'),
      `source:\n  type: postgres\n  url: "${url}"\nexports:\n  - name: b\n    table: ${table}\n    mode: chunked\n    chunk_column: id\n    chunk_size: ${chunk}\n    parallel: ${parallel}\n    format: parquet\n    destination: { type: local, path: ${dir}/out }\n`,
    )
    await admin.query(`ALTER ROLE "${role}" IN DATABASE "${dbName}" SET log_statement = 'all'`)
    const before = logSize()
    let longest = 0
    const started = Date.now()
    const child = spawn(process.execPath, [cli, 'run', '-c', join(dir, 'rivet.yaml')], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (b) => (stderr += b))
    let running = true
    const done = new Promise((r) => child.on('close', (code) => ((running = false), r(code))))
    while (running) {
      const r = await admin.query(`SELECT coalesce(max(extract(epoch FROM clock_timestamp() - query_start)), 0) AS s FROM pg_stat_activity WHERE application_name = 'rivet' AND state = 'active'`)
      longest = Math.max(longest, Number(r.rows[0].s))
      await sleep(20)
    }
    const code = await done
    const wall = (Date.now() - started) / 1000
    await admin.query(`ALTER ROLE "${role}" IN DATABASE "${dbName}" RESET log_statement`)
    await sleep(300)
    const statements = statementsSince(before, table)
    const bound = Math.ceil(rows / chunk) + 2
    console.log(`${table.padEnd(20)} rows=${rows} chunk=${chunk} parallel=${parallel} exit=${code} wall=${wall.toFixed(1)}s statements=${statements} (ceil(rows/chunk)+2=${bound}) longest_statement=${longest.toFixed(2)}s`)
    if (code !== 0) console.log(stderr)
    rmSync(dir, { recursive: true, force: true })
  }
}
await admin.query(`DROP TABLE IF EXISTS bench_chunk_dense, bench_chunk_sparse`)
await admin.end()
