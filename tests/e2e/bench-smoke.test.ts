import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { REPO_ROOT } from '../helpers/run-cli.js'

/**
 * Keeps the benchmark harness from rotting (issue 8): `dev/bench/run` at scale 0.01, one round,
 * against databases of its own (rivet_bench_smoke on the test servers), so its fixture tables
 * never meet other tests' tables. No timing is asserted — only that every row is measured.
 */
const pgUrl = inject('pgUrl')
const mysqlUrl = inject('mysqlUrl')
const missingTool = ['psql', 'mariadb'].find((cmd) => spawnSync(cmd, ['--version']).status !== 0)
const skipReason =
  pgUrl === null
    ? 'PostgreSQL test database not reachable'
    : mysqlUrl === null
      ? 'MariaDB test database not reachable'
      : !existsSync('/usr/bin/time')
        ? '/usr/bin/time (GNU time, for peak RSS) is not installed'
        : missingTool !== undefined
          ? `the ${missingTool} client is not installed`
          : null
if (skipReason !== null) console.warn(`SKIP bench smoke: ${skipReason}`)

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

function runBench(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(REPO_ROOT, 'dev', 'bench', 'run'), ['--scale', '0.01', '--pairs', '1', '--out', '-'], { cwd: REPO_ROOT, env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')))
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => {
      resolve({ code, stdout, stderr })
    })
  })
}

const ROWS = [
  'CSV from PostgreSQL, orders: rivet vs',
  'CSV from PostgreSQL, orders: rivet at defaults',
  'Parquet (zstd) from PostgreSQL, orders: rivet vs',
  'CSV from MariaDB, orders: rivet vs',
  'CSV from PostgreSQL, orders: rivet vs naive Node',
  'Chunked Parquet, orders (chunk_column id)',
  'Longest statement, content_items, rivet at defaults (PostgreSQL)',
  'Longest statement, content_items, rivet at defaults (MariaDB)',
  'Peak RSS, orders (scale × 1M rows) vs orders_5m (scale × 5M), CSV',
  'Peak RSS, orders (scale × 1M rows) vs orders_5m (scale × 5M), Parquet',
]

describe.skipIf(skipReason !== null)('dev/bench/run smoke (scale 0.01, one round)', () => {
  it('prints the results table with every comparison measured', { timeout: 180_000 }, async () => {
    const r = await runBench({
      RIVET_BENCH_PG_URL: withDatabase(pgUrl as string, 'rivet_bench_smoke'),
      RIVET_BENCH_MYSQL_URL: withDatabase(mysqlUrl as string, 'rivet_bench_smoke'),
    })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('## Harness results')
    expect(r.stdout).toContain('Command: `dev/bench/run --scale 0.01 --pairs 1`')
    const tableRows = r.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| comparison'))
    expect(tableRows).toHaveLength(ROWS.length)
    ROWS.forEach((prefix, i) => {
      const cells = (tableRows[i] ?? '').split(' | ')
      expect(cells[0]).toContain(prefix)
      // ratio / value column: 1.23×, 0.88× faster, 17 ms (median 12) or +4.2%
      expect(cells[3], tableRows[i]).toMatch(/^[+-]?\d+(\.\d+)?(×( faster)?| ms \(median \d+\)|%)$/)
      expect(cells[5], tableRows[i]).toMatch(/^(met|\*\*not met\*\*|informational)$/)
    })
  })
})
