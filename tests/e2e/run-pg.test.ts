import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { pgExec } from '../helpers/pg.js'
import { runCli } from '../helpers/run-cli.js'
import { uniqueName } from '../helpers/unique-name.js'

const pgUrl = inject('pgUrl')
const table = uniqueName('e2e_orders')

describe.skipIf(pgUrl === null)('rivet run / state / metrics as a user runs them', () => {
  let dir = ''
  beforeAll(async () => {
    await pgExec(pgUrl as string, `CREATE TABLE ${table} AS SELECT g AS id, 'item ' || g AS name, ((g % 100) * 1.25)::numeric(8,2) AS price FROM generate_series(1, 5000) g`)
    dir = await mkdtemp(join(tmpdir(), 'rivet-e2e-'))
    await writeFile(
      join(dir, 'rivet.yaml'),
      `source:
  type: postgres
  url_env: E2E_DATABASE_URL
exports:
  - name: orders
    table: ${table}
    format: csv
    destination:
      type: local
      path: ./out/{export}
`,
    )
  })
  afterAll(async () => {
    await pgExec(pgUrl as string, `DROP TABLE IF EXISTS ${table}`)
  })

  it('run exports the table, prints a summary on stderr and the aggregate with --json', async () => {
    const r = await runCli(['run', '-c', 'rivet.yaml', '--json'], { cwd: dir, env: { E2E_DATABASE_URL: pgUrl as string } })
    expect(r.stderr).toContain('── orders')
    expect(r.code).toBe(0)
    const agg = JSON.parse(r.stdout) as { total_rows: number; success_count: number; per_export: { export_name: string; files: number }[] }
    expect(agg).toMatchObject({ total_rows: 5000, success_count: 1 })
    const files = await readdir(join(dir, 'out', 'orders'))
    expect(files.filter((f) => f.endsWith('.csv'))).toHaveLength(1)
    expect(files).toContain('manifest.json')
    expect(files).toContain('_SUCCESS')
  })

  it('state files and metrics --json show the run', async () => {
    const files = await runCli(['state', 'files', '-c', 'rivet.yaml', '--json'], { cwd: dir })
    expect(files.code).toBe(0)
    const f = JSON.parse(files.stdout) as { files: { export_name: string; row_count: number; format: string }[] }
    expect(f.files[0]).toMatchObject({ export_name: 'orders', row_count: 5000, format: 'csv' })
    const metrics = await runCli(['metrics', '-c', 'rivet.yaml', '--json'], { cwd: dir })
    expect(metrics.code).toBe(0)
    const m = JSON.parse(metrics.stdout) as { metrics: { export_name: string; status: string; total_rows: number }[] }
    expect(m.metrics[0]).toMatchObject({ export_name: 'orders', status: 'success', total_rows: 5000 })
    const human = await runCli(['state', 'files', '-c', 'rivet.yaml'], { cwd: dir })
    expect(human.stdout).toContain('orders_')
  })

  it('an unknown --export is exit 1 with RIVET_EXPORT_NOT_FOUND listing known exports', async () => {
    const r = await runCli(['run', '-c', 'rivet.yaml', '-e', 'nope', '--json-errors'], { cwd: dir, env: { E2E_DATABASE_URL: pgUrl as string } })
    expect(r.code).toBe(1)
    const err = JSON.parse(r.stderr.trim().split('\n').pop() ?? '{}') as { code: string; error: string; hint: string }
    expect(err.code).toBe('RIVET_EXPORT_NOT_FOUND')
    expect(err.error).toContain("export 'nope' not found in config.")
    expect(err.hint).toContain('orders')
  })

  it('an unreachable source exits 2 (retryable) with the doctor hint', async () => {
    const r = await runCli(['run', '-c', 'rivet.yaml', '--json-errors'], { cwd: dir, env: { E2E_DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/x' } })
    expect(r.code).toBe(2)
    const err = JSON.parse(r.stderr.trim().split('\n').pop() ?? '{}') as { code: string; hint: string }
    expect(err.code).toBe('RIVET_SOURCE_UNREACHABLE')
    expect(err.hint).toContain('rivet doctor')
  })

  it('state reset clears an export and refuses unknown names', async () => {
    const ok = await runCli(['state', 'reset', '-c', 'rivet.yaml', '-e', 'orders'], { cwd: dir })
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain("State reset for export 'orders'")
    const bad = await runCli(['state', 'reset', '-c', 'rivet.yaml', '-e', 'ordres'], { cwd: dir })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('RIVET_EXPORT_NOT_FOUND')
  })
})

describe('rivet demo', () => {
  it('runs end to end with no database server', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rivet-demo-'))
    const r = await runCli(['demo', '--dir', 'demo'], { cwd: dir, timeoutMs: 120_000 })
    expect(r.stderr).toContain('✓ customers') // one compact line per export
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('wrote 20500 rows')
    const customers = await readdir(join(dir, 'demo', 'output', 'customers'))
    expect(customers.some((f) => f.endsWith('.parquet'))).toBe(true)
    expect(customers).toContain('_SUCCESS')
    const metrics = await runCli(['metrics', '-c', 'demo/rivet.yaml', '--json'], { cwd: dir })
    expect((JSON.parse(metrics.stdout) as { metrics: unknown[] }).metrics).toHaveLength(2)
  }, 180_000)
})
