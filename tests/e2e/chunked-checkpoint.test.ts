import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { pgExec } from '../helpers/pg.js'
import { runCli } from '../helpers/run-cli.js'
import { uniqueName } from '../helpers/unique-name.js'

const pgUrl = inject('pgUrl')
const table = uniqueName('ckpt')
const pkTable = uniqueName('ckpk')
const CHUNK = /_chunk(\d+)_[0-9a-f]{16}\.csv$/

async function project(extra = '', chunkSize = 20): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rivet-ckpt-'))
  await writeConfig(dir, extra, chunkSize)
  return dir
}

async function writeConfig(dir: string, extra: string, chunkSize: number): Promise<void> {
  await writeFile(
    join(dir, 'rivet.yaml'),
    `source:
  type: postgres
  url: "${pgUrl as string}"
  tuning: { batch_size: 50, throttle_ms: 0 }
exports:
  - name: ck
    query: "SELECT id, label FROM ${table}"
    mode: chunked
    chunk_column: id
    chunk_size: ${chunkSize}
    chunk_checkpoint: true
${extra}    format: csv
    destination: { type: local, path: out }
`,
  )
}

/** chunk index → ids, one entry per file. */
async function chunkFiles(dir: string): Promise<{ index: number; ids: number[] }[]> {
  const out: { index: number; ids: number[] }[] = []
  for (const f of await readdir(join(dir, 'out'))) {
    const m = CHUNK.exec(f)
    if (m === null) continue
    const text = await readFile(join(dir, 'out', f), 'utf8')
    out.push({ index: Number(m[1]), ids: text.trimEnd().split('\n').slice(1).map((l) => Number(l.split(',')[0])) })
  }
  return out.sort((a, b) => a.index - b.index)
}

interface ChunksJson {
  run: { status: string; plan_hash: string } | null
  tasks: { chunk_index: number; status: string; attempts: number; rows_written: number | null; file_name: string | null }[]
}

async function chunksJson(dir: string): Promise<ChunksJson> {
  const r = await runCli(['state', 'chunks', '-c', 'rivet.yaml', '-e', 'ck', '--json'], { cwd: dir })
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as ChunksJson
}

describe.skipIf(pgUrl === null)('chunk checkpoints (D19, I05, I06, H10, V03) through the built CLI', () => {
  beforeAll(async () => {
    await pgExec(pgUrl as string, `CREATE TABLE ${table} AS SELECT g AS id, 'row ' || g AS label FROM generate_series(1, 100) g`)
    await pgExec(pgUrl as string, `CREATE TABLE ${pkTable} (id bigint PRIMARY KEY, label text); INSERT INTO ${pkTable} SELECT g, 'r' || g FROM generate_series(1, 30) g`)
  })
  afterAll(async () => {
    await pgExec(pgUrl as string, `DROP TABLE IF EXISTS ${table}; DROP TABLE IF EXISTS ${pkTable}`)
  })

  it('crash after chunk 2 is committed, then --resume re-runs exactly the unfinished chunks', async () => {
    const dir = await project()
    const crashed = await runCli(['run', '-c', 'rivet.yaml'], { cwd: dir, env: { RIVET_TEST_PANIC_AT: 'after_chunk_file:2' } })
    expect(crashed.signal).toBe('SIGKILL')
    expect(crashed.stderr).toContain("injected crash at 'after_chunk_file:2'")
    expect((await chunkFiles(dir)).map((f) => f.index)).toEqual([0, 1, 2])
    const mid = await chunksJson(dir)
    expect(mid.run?.status).toBe('in_progress')
    expect(mid.tasks.map((t) => t.status)).toEqual(['completed', 'completed', 'running', 'pending', 'pending'])

    const fresh = await runCli(['run', '-c', 'rivet.yaml'], { cwd: dir })
    expect(fresh.code).toBe(1)
    expect(fresh.stderr).toContain('still in progress')
    expect(fresh.stderr).toContain('--resume')

    const resumed = await runCli(['run', '-c', 'rivet.yaml', '--resume'], { cwd: dir })
    expect(resumed.code, resumed.stderr).toBe(0)
    const done = await chunksJson(dir)
    expect(done.run?.status).toBe('completed')
    expect(done.tasks.map((t) => [t.status, t.attempts, t.rows_written])).toEqual([
      ['completed', 1, 20],
      ['completed', 1, 20],
      ['completed', 2, 20],
      ['completed', 1, 20],
      ['completed', 1, 20],
    ])
    // Chunks 0 and 1 were not re-run; chunk 2 was (at-least-once: its first file stays); 3 and 4 ran once.
    const files = await chunkFiles(dir)
    expect(files.map((f) => f.index)).toEqual([0, 1, 2, 2, 3, 4])
    const distinct = new Set(files.flatMap((f) => f.ids))
    expect(distinct.size).toBe(100)
    // One manifest for the whole checkpoint run: one part per chunk, the crashed chunk-2 file not among them.
    const manifest = JSON.parse(await readFile(join(dir, 'out', 'manifest.json'), 'utf8')) as { status: string; row_count: number; parts: { path: string; rows: number; content_fingerprint: string }[] }
    expect(manifest.status).toBe('success')
    expect(manifest.row_count).toBe(100)
    expect(manifest.parts.map((p) => Number(CHUNK.exec(p.path)?.[1]))).toEqual([0, 1, 2, 3, 4])
    expect(manifest.parts.map((p) => p.path)).toEqual(done.tasks.map((t) => t.file_name))
    for (const p of manifest.parts) expect(p.content_fingerprint).toMatch(/^xxh3:[0-9a-f]{16}$/)
  })

  it('a changed chunk plan refuses to resume (I05)', async () => {
    const dir = await project()
    const crashed = await runCli(['run', '-c', 'rivet.yaml'], { cwd: dir, env: { RIVET_TEST_PANIC_AT: 'after_chunk_complete:0' } })
    expect(crashed.signal).toBe('SIGKILL')
    await writeConfig(dir, '', 25)
    const r = await runCli(['run', '-c', 'rivet.yaml', '--resume'], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('chunk plan fingerprint mismatch')
    expect(r.stderr).toContain('cannot resume')
  })

  it('--resume without an in-progress run, and reset-chunks (I06, B09)', async () => {
    const dir = await project()
    const none = await runCli(['run', '-c', 'rivet.yaml', '--resume'], { cwd: dir })
    expect(none.code).toBe(1)
    expect(none.stderr).toContain('--resume but no in-progress chunk checkpoint')
    const empty = await runCli(['state', 'chunks', '-c', 'rivet.yaml', '-e', 'ck'], { cwd: dir })
    expect(empty.stdout).toBe("No chunk checkpoint data for export 'ck'.\n")
    const noneStuck = await runCli(['state', 'reset-chunks', '-c', 'rivet.yaml', '--stuck-checkpoints'], { cwd: dir })
    expect(noneStuck.stdout).toBe('No exports have an in-progress chunk checkpoint run.\n')
    await runCli(['run', '-c', 'rivet.yaml'], { cwd: dir, env: { RIVET_TEST_PANIC_AT: 'after_chunk_file:1' } })
    const table = await runCli(['state', 'chunks', '-c', 'rivet.yaml', '-e', 'ck'], { cwd: dir })
    expect(table.stdout).toContain('status:     in_progress')
    expect(table.stdout).toMatch(/^1\s+running\s+21\s+40\s+1\s+-\s+-$/m)
    const stuck = await runCli(['state', 'reset-chunks', '-c', 'rivet.yaml', '--stuck-checkpoints'], { cwd: dir })
    expect(stuck.stdout).toBe("Resetting chunk checkpoints for 1 export(s) with in_progress runs: ck\nRemoved 1 chunk run record(s) for export 'ck'.\n")
    const again = await runCli(['run', '-c', 'rivet.yaml'], { cwd: dir })
    expect(again.code, again.stderr).toBe(0)
    const reset = await runCli(['state', 'reset-chunks', '-c', 'rivet.yaml', '-e', 'ck'], { cwd: dir })
    expect(reset.stdout).toBe("Removed 1 chunk run record(s) for export 'ck'.\n")
  })

  it('--resume into a prefix with _SUCCESS is refused unless --force (H10)', async () => {
    const dir = await project()
    expect((await runCli(['run', '-c', 'rivet.yaml'], { cwd: dir })).code).toBe(0)
    await runCli(['run', '-c', 'rivet.yaml'], { cwd: dir, env: { RIVET_TEST_PANIC_AT: 'after_chunk_file:0' } })
    const refused = await runCli(['run', '-c', 'rivet.yaml', '--resume'], { cwd: dir })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('--resume refused — destination prefix already has _SUCCESS')
    const forced = await runCli(['run', '-c', 'rivet.yaml', '--resume', '--force'], { cwd: dir })
    expect(forced.code, forced.stderr).toBe(0)
  })

  it('auto-resolves chunk_column from the primary key with a WARN (D15)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rivet-ckpk-'))
    await writeFile(
      join(dir, 'rivet.yaml'),
      `source:\n  type: postgres\n  url: "${pgUrl as string}"\nexports:\n  - name: pk\n    table: ${pkTable}\n    mode: chunked\n    chunk_size: 10\n    format: csv\n    destination: { type: local, path: out }\n`,
    )
    const r = await runCli(['run', '-c', 'rivet.yaml'], { cwd: dir })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain(`chunk_column not set — auto-resolved to 'id' from the single-integer primary key on ${pkTable}. Set \`chunk_column:\` explicitly`)
    expect((await readdir(join(dir, 'out'))).filter((f) => /_chunk\d+_/.test(f))).toHaveLength(3)
  })
})
