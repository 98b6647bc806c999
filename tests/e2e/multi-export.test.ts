import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { pgExec } from '../helpers/pg.js'
import { runCli } from '../helpers/run-cli.js'
import { uniqueName } from '../helpers/unique-name.js'

const pgUrl = inject('pgUrl')
const table = uniqueName('multi')

describe.skipIf(pgUrl === null)('multi-export runs (A05, L04) and column overrides (Q07)', () => {
  let dir = ''
  beforeAll(async () => {
    await pgExec(pgUrl as string, `CREATE TABLE ${table} AS SELECT g AS id, g / 3.0 AS ratio FROM generate_series(1, 10) g`)
    dir = await mkdtemp(join(tmpdir(), 'rivet-multi-'))
    await writeFile(
      join(dir, 'rivet.yaml'),
      `source:
  type: postgres
  url: "${pgUrl as string}"
exports:
  - name: broken
    query: "SELECT * FROM ${table}_missing"
    format: csv
    destination: { type: local, path: out/broken }
  - name: unsupported
    query: "SELECT id, ratio FROM ${table}"
    format: csv
    destination: { type: local, path: out/unsupported }
  - name: overridden
    query: "SELECT id, ratio FROM ${table} ORDER BY id"
    format: csv
    columns: { ratio: "decimal(10,4)" }
    destination: { type: local, path: out/overridden }
`,
    )
  })
  afterAll(async () => {
    await pgExec(pgUrl as string, `DROP TABLE IF EXISTS ${table}`)
  })

  it('runs every export after failures, exits with the failure, and writes the aggregate', async () => {
    const r = await runCli(['run', '-c', 'rivet.yaml', '--summary-output', 'agg.json', '--json-errors'], { cwd: dir })
    expect(r.code).toBe(1)
    const err = JSON.parse(r.stderr.trim().split('\n').pop() ?? '{}') as { error: string }
    expect(err.error).toContain('2 export(s) failed; representative error follows')
    const agg = JSON.parse(await readFile(join(dir, 'agg.json'), 'utf8')) as { total_exports: number; success_count: number; failed_count: number; per_export: { export_name: string; status: string }[] }
    expect(agg).toMatchObject({ total_exports: 3, success_count: 1, failed_count: 2 })
    expect(agg.per_export.map((e) => [e.export_name, e.status])).toEqual([
      ['broken', 'failed'],
      ['unsupported', 'failed'],
      ['overridden', 'success'],
    ])
  })

  it('an unconstrained numeric needs an override; with one it is exact and truncated to scale (Q07, Q09)', async () => {
    const csv = (await readFile(join(dir, 'out', 'overridden', (await import('node:fs')).readdirSync(join(dir, 'out', 'overridden')).find((f) => f.endsWith('.csv')) as string), 'utf8')).split('\n')
    expect(csv[0]).toBe('id,ratio')
    expect(csv[1]).toBe('1,0.3333')
    expect(csv[2]).toBe('2,0.6666')
  })
})
