import { spawn } from 'node:child_process'
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { pgExec } from '../helpers/pg.js'
import { CLI } from '../helpers/run-cli.js'
import { stateRows, storedCursor } from '../helpers/state-db.js'
import { uniqueName } from '../helpers/unique-name.js'

const pgUrl = inject('pgUrl')
const table = uniqueName('slow')

describe.skipIf(pgUrl === null)('graceful signals (AA.5)', () => {
  beforeAll(async () => {
    await pgExec(pgUrl as string, `CREATE TABLE ${table} AS SELECT g AS id, repeat('x', 50) AS pad FROM generate_series(1, 200000) g`)
  })
  afterAll(async () => {
    await pgExec(pgUrl as string, `DROP TABLE IF EXISTS ${table}`)
  })

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s mid-export: exit %i, no temp or data file, no state move', async (signal, code) => {
    const dir = await mkdtemp(join(tmpdir(), 'rivet-sig-'))
    await writeFile(
      join(dir, 'rivet.yaml'),
      `source:
  type: postgres
  url: "${pgUrl as string}"
  tuning: { batch_size: 1000, throttle_ms: 50 }
exports:
  - name: slow
    query: "SELECT * FROM ${table}"
    mode: incremental
    cursor_column: id
    format: parquet
    destination: { type: local, path: out }
`,
    )
    const child = spawn(process.execPath, [CLI, 'run', '-c', 'rivet.yaml'], { cwd: dir, env: { ...process.env, RIVET_LOG: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString()
    })
    // Let a few batches land in the temp file before the signal.
    await new Promise((r) => setTimeout(r, 2500))
    const temps = (await readdir(join(dir, 'out'))).filter((f) => f.endsWith('.tmp'))
    expect(temps.length, 'the export is mid-way, writing a temp file').toBe(1)
    child.kill(signal)
    const exit = await new Promise<number | null>((r) => {
      child.on('close', (c) => {
        r(c)
      })
    })
    expect(exit, stderr).toBe(code)
    expect(stderr).toContain('RIVET_INTERRUPTED')
    expect(await readdir(join(dir, 'out'))).toEqual(['manifest.json'])
    expect(storedCursor(dir, 'slow')).toBeNull()
    expect(stateRows(dir, 'SELECT status FROM export_metrics')).toEqual([{ status: 'failed' }])
  }, 60_000)
})
