import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { pgExec } from '../helpers/pg.js'
import { runCli } from '../helpers/run-cli.js'
import { storedCursor } from '../helpers/state-db.js'
import { uniqueName } from '../helpers/unique-name.js'

const pgUrl = inject('pgUrl')
const table = uniqueName('crash')
const POINTS = ['after_source_read', 'after_file_write', 'after_manifest_update', 'after_cursor_commit'] as const

async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rivet-crash-'))
  await writeFile(
    join(dir, 'rivet.yaml'),
    `source:
  type: postgres
  url: "${pgUrl as string}"
  tuning: { batch_size: 300, throttle_ms: 0 }
exports:
  - name: inc
    query: "SELECT id, label FROM ${table}"
    mode: incremental
    cursor_column: id
    format: csv
    destination: { type: local, path: out }
`,
  )
  return dir
}

/** Every id in every final-named CSV; asserts each file is complete (header + trailing newline). */
async function exportedIds(dir: string): Promise<number[]> {
  const out = join(dir, 'out')
  const ids: number[] = []
  for (const f of (await readdir(out)).filter((n) => n.endsWith('.csv'))) {
    const text = await readFile(join(out, f), 'utf8')
    expect(text.startsWith('id,label\n'), `${f} has its header`).toBe(true)
    expect(text.endsWith('\n'), `${f} is complete`).toBe(true)
    for (const line of text.trimEnd().split('\n').slice(1)) ids.push(Number(line.split(',')[0]))
  }
  return ids.sort((a, b) => a - b)
}

describe.skipIf(pgUrl === null)('crash matrix (V03): SIGKILL at each commit boundary, then a plain rerun recovers', () => {
  beforeAll(async () => {
    await pgExec(pgUrl as string, `CREATE TABLE ${table} AS SELECT g AS id, 'row ' || g AS label FROM generate_series(1, 1000) g`)
  })
  afterAll(async () => {
    await pgExec(pgUrl as string, `DROP TABLE IF EXISTS ${table}`)
  })

  it.each(POINTS)('%s', async (point) => {
    const dir = await project()
    const crashed = await runCli(['run', '-c', 'rivet.yaml'], { cwd: dir, env: { RIVET_TEST_PANIC_AT: point } })
    expect(crashed.signal).toBe('SIGKILL')
    expect(crashed.stderr).toContain(`injected crash at '${point}'`)
    // Never a half-written final file, and the cursor is never ahead of the data.
    const afterCrash = await exportedIds(dir)
    const cursor = storedCursor(dir, 'inc')
    if (cursor !== null) expect(Math.max(0, ...afterCrash)).toBeGreaterThanOrEqual(Number(cursor))
    expect(cursor === null ? point !== 'after_cursor_commit' : point === 'after_cursor_commit').toBe(true)
    const files = await readdir(join(dir, 'out')).catch(() => [] as string[])
    expect(files).not.toContain('_SUCCESS')

    // A plain rerun recovers: every row present at least once, nothing lost.
    const rerun = await runCli(['run', '-c', 'rivet.yaml'], { cwd: dir })
    expect(rerun.code, rerun.stderr).toBe(0)
    const ids = await exportedIds(dir)
    expect(new Set(ids).size).toBe(1000)
    expect(ids[0]).toBe(1)
    expect(storedCursor(dir, 'inc')).toBe('1000')
    // Leftover temp files are hidden and never listed as data.
    const visible = (await readdir(join(dir, 'out'))).filter((f) => !f.startsWith('.'))
    expect(visible).toContain('_SUCCESS')
  })
})
