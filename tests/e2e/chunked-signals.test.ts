import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { pgExec } from '../helpers/pg.js'
import { CLI, runCli } from '../helpers/run-cli.js'
import { stateRows } from '../helpers/state-db.js'
import { uniqueName } from '../helpers/unique-name.js'

const pgUrl = inject('pgUrl')
const table = uniqueName('ck_slow')

describe.skipIf(pgUrl === null)('SIGINT during a parallel checkpointed chunked run (AA.5 + D19)', () => {
  beforeAll(async () => {
    await pgExec(pgUrl as string, `CREATE TABLE ${table} AS SELECT g::bigint AS id, repeat('x', 20) AS pad FROM generate_series(1, 100000) g`)
  })
  afterAll(async () => {
    await pgExec(pgUrl as string, `DROP TABLE IF EXISTS ${table}`)
  })

  it('exits 130 with no temp file and no task left running; --resume then completes every window', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rivet-cksig-'))
    await writeFile(
      join(dir, 'rivet.yaml'),
      `source:
  type: postgres
  url: "${pgUrl as string}"
  tuning: { batch_size: 500, throttle_ms: 40 }
exports:
  - name: slow
    query: "SELECT id, pad FROM ${table}"
    mode: chunked
    chunk_column: id
    chunk_size: 10000
    parallel: 2
    chunk_checkpoint: true
    chunk_max_attempts: 1
    format: csv
    destination: { type: local, path: out }
`,
    )
    const child = spawn(process.execPath, [CLI, 'run', '-c', 'rivet.yaml'], { cwd: dir, env: { ...process.env, RIVET_LOG: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString()
    })
    await new Promise((r) => setTimeout(r, 1500))
    child.kill('SIGINT')
    const exit = await new Promise<number | null>((r) => {
      child.on('close', (c) => {
        r(c)
      })
    })
    expect(exit, stderr).toBe(130)
    expect(stderr).toContain('RIVET_INTERRUPTED')
    const names = await readdir(join(dir, 'out'))
    expect(names.filter((f) => f.endsWith('.tmp'))).toEqual([])
    const manifest = JSON.parse(await readFile(join(dir, 'out', 'manifest.json'), 'utf8')) as { status: string }
    expect(manifest.status).toBe('interrupted')
    const statuses = stateRows(dir, 'SELECT status FROM chunk_task').map((r) => r.status)
    expect(statuses).toHaveLength(10)
    expect(statuses.filter((s) => s === 'running' || s === 'failed')).toEqual([])
    expect(statuses.filter((s) => s === 'pending').length).toBeGreaterThan(0)

    const resumed = await runCli(['run', '-c', 'rivet.yaml', '--resume'], { cwd: dir, timeoutMs: 90_000 })
    expect(resumed.code, resumed.stderr).toBe(0)
    expect(stateRows(dir, 'SELECT status FROM chunk_task').every((r) => r.status === 'completed')).toBe(true)
    const ids = new Set<string>()
    for (const f of (await readdir(join(dir, 'out'))).filter((n) => n.endsWith('.csv'))) {
      for (const line of (await readFile(join(dir, 'out', f), 'utf8')).trimEnd().split('\n').slice(1)) ids.add(line.split(',')[0] ?? '')
    }
    expect(ids.size).toBe(100000)
  }, 120_000)
})
