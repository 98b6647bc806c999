import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { setPressureProbeFactory } from '../../../src/pipeline/chunked/governor.js'
import { openPressureProbe, type PressureProbe } from '../../../src/pipeline/chunked/pressure.js'
import { runConfig, tempProject } from '../../helpers/export-run.js'
import { pgExec } from '../../helpers/pg.js'
import { stateRows } from '../../helpers/state-db.js'
import { uniqueName } from '../../helpers/unique-name.js'
import { chunkFiles, ids } from './chunk-output.js'

const pgUrl = inject('pgUrl')
const table = uniqueName('gov_rows')

interface JournalDoc {
  readonly entries: readonly { readonly event: Record<string, unknown> }[]
}

describe.skipIf(pgUrl === null)('adaptive parallelism governor on PostgreSQL (E08)', () => {
  beforeAll(async () => {
    await pgExec(pgUrl as string, `CREATE TABLE ${table} (id integer PRIMARY KEY, label text); INSERT INTO ${table} SELECT g, 'row ' || g FROM generate_series(1, 300) g`)
  })
  afterAll(async () => {
    await pgExec(pgUrl as string, `DROP TABLE IF EXISTS ${table}`)
  })

  it('rising source pressure sheds a worker (ParallelismAdjusted 3 → 2) and the export stays complete', async () => {
    // Each chunk sleeps 50 ms on the server, so 30 chunks on ≤ 3 workers outlast several 100 ms samples.
    const { dir, config } = await tempProject(`
source:
  type: postgres
  url: "${pgUrl as string}"
  tuning: { adaptive: true, batch_size: 50 }
exports:
  - name: governed
    query: "SELECT t.id, t.label FROM ${table} t, pg_sleep(0.05) s"
    mode: chunked
    chunk_column: id
    chunk_size: 10
    parallel: 3
    format: csv
    destination: { type: local, path: out }
`)
    let pressure = 0n
    const probe: PressureProbe & { closed: number } = {
      closed: 0,
      sample: () => Promise.resolve((pressure += 5n)),
      close: () => {
        probe.closed++
        return Promise.resolve()
      },
    }
    const opened: string[] = []
    const restore = setPressureProbeFactory((source) => {
      opened.push(source.engine)
      return Promise.resolve(probe)
    })
    try {
      const outcome = await runConfig(config, dir, { ...process.env, RIVET_GOVERNOR_INTERVAL_MS: '100' })
      expect(outcome.error).toBeUndefined()
    } finally {
      restore()
    }
    expect(opened).toEqual(['postgres'])
    expect(probe.closed).toBe(1)

    const rows = stateRows(dir, `SELECT journal_json FROM run_journal WHERE export_name = 'governed'`)
    expect(rows).toHaveLength(1)
    const journal = JSON.parse(String(rows[0]?.journal_json)) as JournalDoc
    const adjustments = journal.entries.flatMap((e) => (e.event.ParallelismAdjusted === undefined ? [] : [e.event.ParallelismAdjusted as { from: number; to: number; reason: string }]))
    expect(adjustments[0]).toEqual({ from: 3, to: 2, reason: 'source pressure rising' })
    for (const a of adjustments) {
      expect(a.to).toBe(a.from - 1)
      expect(a.to).toBeGreaterThanOrEqual(1)
    }

    const files = await chunkFiles(dir)
    expect(files.map((f) => f.index)).toEqual([...Array(30).keys()])
    expect(files.every((f) => f.header === 'id,label')).toBe(true)
    const all = files.flatMap((f) => ids(f.lines)).sort((a, b) => a - b)
    expect(all).toEqual(Array.from({ length: 300 }, (_, i) => i + 1))
    expect(files.flatMap((f) => f.lines).find((l) => l === '7,row 7')).toBe('7,row 7')
  })
})

describe('pressure probes against live engines (E08)', () => {
  const mysqlUrl = inject('mysqlUrl')
  const probeOf = (engine: 'postgres' | 'mysql', url: string): Promise<PressureProbe> =>
    openPressureProbe({ engine, connection: { kind: 'url', url, origin: { kind: 'inline' } }, tls: undefined, environment: undefined })

  it.skipIf(pgUrl === null)('PostgreSQL reads a requested-checkpoint count that a CHECKPOINT raises', async () => {
    const probe = await probeOf('postgres', pgUrl as string)
    try {
      const before = await probe.sample()
      expect(typeof before).toBe('bigint')
      await pgExec(pgUrl as string, 'CHECKPOINT')
      // The checkpointer publishes its counters when the checkpoint ends; allow it a moment.
      let after = await probe.sample()
      for (let i = 0; i < 20 && (after ?? 0n) <= (before ?? 0n); i++) {
        await new Promise((r) => setTimeout(r, 100))
        after = await probe.sample()
      }
      expect((after ?? 0n) > (before ?? 0n)).toBe(true)
    } finally {
      await probe.close()
    }
  })

  it.skipIf(mysqlUrl === null)('MySQL/MariaDB reads the summed status counters', async () => {
    const probe = await probeOf('mysql', mysqlUrl as string)
    try {
      const value = await probe.sample()
      expect(typeof value).toBe('bigint')
      expect((value ?? -1n) >= 0n).toBe(true)
    } finally {
      await probe.close()
    }
  })
})
