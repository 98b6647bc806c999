import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { RunJournal } from '../../../../src/journal/run-journal.js'
import { logger } from '../../../../src/log/index.js'
import { ConcurrencyLimit, memoryQueue, runWorkers } from '../../../../src/pipeline/chunked/dispatch.js'
import {
  GOVERNOR_INTERVAL_MS,
  REASON_PRESSURE_RISING,
  REASON_PRESSURE_STEADY,
  armGovernor,
  governorApplies,
  governorIntervalMs,
  nextParallelism,
  setPressureProbeFactory,
  startGovernor,
} from '../../../../src/pipeline/chunked/governor.js'
import { rangeWindows } from '../../../../src/pipeline/chunked/math.js'
import { sourcePressureProbe, type PressureProbe } from '../../../../src/pipeline/chunked/pressure.js'
import type { ChunkedPlan, ResolvedRunPlan, ResolvedSource } from '../../../../src/plan/index.js'
import type { Source } from '../../../../src/source/source.js'

const CONFIG: ResolvedSource = { engine: 'postgres', connection: { kind: 'url', url: 'postgresql://127.0.0.1:1/none', origin: { kind: 'inline' } }, tls: undefined, environment: undefined }

function fakeSource(engine: Source['engine'], answer: (sql: string) => string | null): Source & { queries: string[]; closed: number } {
  const s = {
    engine,
    queries: [] as string[],
    closed: 0,
    export: () => Promise.reject(new Error('unused')),
    queryScalar: (sql: string) => {
      s.queries.push(sql)
      try {
        return Promise.resolve(answer(sql))
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)))
      }
    },
    typeMappings: () => Promise.resolve([]),
    queryColumn: () => Promise.resolve([]),
    queryRow: () => Promise.resolve(undefined),
    classifyError: () => ({ kind: 'permanent' as const }),
    close: () => {
      s.closed++
      return Promise.resolve()
    },
  }
  return s
}

/** A probe that replays `samples` (then repeats the last one) and counts closes. */
function scriptedProbe(samples: (bigint | undefined)[]): PressureProbe & { closed: number; taken: number } {
  const p = {
    closed: 0,
    taken: 0,
    sample: () => {
      const v = samples[Math.min(p.taken, samples.length - 1)]
      p.taken++
      return Promise.resolve(v)
    },
    close: () => {
      p.closed++
      return Promise.resolve()
    },
  }
  return p
}

describe('nextParallelism (E08 decision)', () => {
  it('rising pressure sheds exactly one worker, down to min', () => {
    expect(nextParallelism(4, 1, 4, 10n, 11n)).toBe(3)
    expect(nextParallelism(2, 1, 4, 10n, 99n)).toBe(1)
    expect(nextParallelism(1, 1, 4, 10n, 11n)).toBe(1)
    expect(nextParallelism(3, 3, 8, 0n, 5n)).toBe(3)
  })
  it('no rise adds exactly one worker, up to max', () => {
    expect(nextParallelism(2, 1, 4, 10n, 10n)).toBe(3)
    expect(nextParallelism(2, 1, 4, 10n, 3n)).toBe(3)
    expect(nextParallelism(4, 1, 4, 10n, 10n)).toBe(4)
  })
  it('a first sample (no previous) counts as not rising', () => {
    expect(nextParallelism(2, 1, 4, undefined, 1000n)).toBe(3)
    expect(nextParallelism(4, 1, 4, undefined, 1000n)).toBe(4)
  })
  it('no sample holds parallelism (clamped into range)', () => {
    expect(nextParallelism(3, 1, 4, 10n, undefined)).toBe(3)
    expect(nextParallelism(9, 1, 4, 10n, undefined)).toBe(4)
    expect(nextParallelism(0, 2, 4, undefined, undefined)).toBe(2)
  })
  it('min is at least 1 and max never below min', () => {
    expect(nextParallelism(1, 0, 4, 1n, 2n)).toBe(1)
    expect(nextParallelism(1, -3, 4, 1n, 2n)).toBe(1)
    expect(nextParallelism(5, 5, 2, 1n, 1n)).toBe(5)
    expect(nextParallelism(5, 5, 2, 1n, 2n)).toBe(5)
  })
  it('an out-of-range current is clamped before the step', () => {
    expect(nextParallelism(10, 1, 4, 1n, 2n)).toBe(3)
    expect(nextParallelism(0, 2, 4, 1n, 1n)).toBe(3)
  })
  it('every (current, previous, sample) combination moves at most one step and stays in range', () => {
    for (let min = 1; min <= 4; min++) {
      for (let max = min; max <= 5; max++) {
        for (let cur = min; cur <= max; cur++) {
          for (const prev of [undefined, 0n, 5n]) {
            for (const sample of [undefined, 0n, 5n, 6n]) {
              const next = nextParallelism(cur, min, max, prev, sample)
              expect(next).toBeGreaterThanOrEqual(min)
              expect(next).toBeLessThanOrEqual(max)
              expect(Math.abs(next - cur)).toBeLessThanOrEqual(1)
              const rising = sample !== undefined && prev !== undefined && sample > prev
              if (sample === undefined) expect(next).toBe(cur)
              else if (rising) expect(next).toBe(Math.max(min, cur - 1))
              else expect(next).toBe(Math.min(max, cur + 1))
            }
          }
        }
      }
    }
  })
})

describe('governorIntervalMs', () => {
  it('reads RIVET_GOVERNOR_INTERVAL_MS, falling back to 1500 ms', () => {
    expect(governorIntervalMs({})).toBe(GOVERNOR_INTERVAL_MS)
    expect(GOVERNOR_INTERVAL_MS).toBe(1500)
    expect(governorIntervalMs({ RIVET_GOVERNOR_INTERVAL_MS: '100' })).toBe(100)
    expect(governorIntervalMs({ RIVET_GOVERNOR_INTERVAL_MS: '0' })).toBe(1500)
    expect(governorIntervalMs({ RIVET_GOVERNOR_INTERVAL_MS: 'fast' })).toBe(1500)
    expect(governorIntervalMs({ RIVET_GOVERNOR_INTERVAL_MS: '-5' })).toBe(1500)
  })
})

describe('ConcurrencyLimit (adjustable pool)', () => {
  it('after lowering, no more than the limit run once the running ones finish; raising wakes a waiter', async () => {
    const limit = new ConcurrencyLimit(3)
    let inFlight = 0
    const peaks: number[] = []
    let phase = 0
    const releaseGate: (() => void)[] = []
    const errors = runWorkers({
      workers: 3,
      sourceConfig: CONFIG,
      first: fakeSource('postgres', () => null),
      queue: memoryQueue(rangeWindows(1n, 120n, 10n)),
      gate: () => Promise.resolve(),
      signal: undefined,
      limit,
      run: async () => {
        inFlight++
        peaks[phase] = Math.max(peaks[phase] ?? 0, inFlight)
        await new Promise<void>((r) => releaseGate.push(r))
        inFlight--
        return { rows: 1, fileNames: [] }
      },
    })
    const flush = async (): Promise<void> => {
      await sleep(5)
    }
    await flush()
    expect(inFlight).toBe(3)
    limit.set(1)
    // The three running chunks are not interrupted.
    expect(inFlight).toBe(3)
    phase = 1
    for (const r of releaseGate.splice(0)) r()
    await flush()
    expect(inFlight).toBe(1)
    for (let i = 0; i < 3; i++) {
      for (const r of releaseGate.splice(0)) r()
      await flush()
      expect(inFlight).toBe(1)
    }
    phase = 2
    limit.set(2)
    await flush()
    expect(inFlight).toBe(2)
    while (releaseGate.length > 0) {
      for (const r of releaseGate.splice(0)) r()
      await flush()
    }
    expect(await errors).toEqual([])
    expect(peaks).toEqual([3, 1, 2])
    expect(limit.active).toBe(0)
  })

  it('never drops below 1', () => {
    const limit = new ConcurrencyLimit(2)
    limit.set(0)
    expect(limit.value).toBe(1)
    expect(new ConcurrencyLimit(-1).value).toBe(1)
  })
})

describe('startGovernor (sampling loop)', () => {
  it('steps the limit down one at a time under rising pressure, then back up, and closes the probe on stop', async () => {
    const limit = new ConcurrencyLimit(3)
    const probe = scriptedProbe([1n, 2n, 3n, 4n, 4n, 4n])
    const changes: [number, number, string][] = []
    const gov = startGovernor({ probe, limit, min: 1, max: 3, intervalMs: 5, onChange: (f, t, r) => changes.push([f, t, r]) })
    while (probe.taken < 6) await sleep(2)
    await gov.stop()
    await gov.stop()
    expect(probe.closed).toBe(1)
    expect(changes).toEqual([
      [3, 2, REASON_PRESSURE_RISING],
      [2, 1, REASON_PRESSURE_RISING],
      [1, 2, REASON_PRESSURE_STEADY],
      [2, 3, REASON_PRESSURE_STEADY],
    ])
    expect(limit.value).toBe(3)
    const taken = probe.taken
    await sleep(20)
    expect(probe.taken).toBe(taken)
  })

  it('respects min_parallel and a probe that throws holds steady', async () => {
    const limit = new ConcurrencyLimit(4)
    let n = 0n
    let calls = 0
    const probe: PressureProbe = {
      sample: () => {
        calls++
        return n === 3n ? Promise.reject(new Error('lost')) : Promise.resolve((n += 1n))
      },
      close: () => Promise.resolve(),
    }
    const changes: number[] = []
    const gov = startGovernor({ probe, limit, min: 2, max: 4, intervalMs: 3, onChange: (_f, t) => changes.push(t) })
    while (calls < 6) await sleep(2)
    await gov.stop()
    expect(changes).toEqual([3, 2])
    expect(limit.value).toBe(2)
  })
})

describe('armGovernor', () => {
  const chunked = (over: Partial<ChunkedPlan>): ChunkedPlan => ({ parallel: 3, checkpoint: false, ...over }) as ChunkedPlan
  const plan = (adaptive: boolean, minParallel?: number): ResolvedRunPlan => ({ exportName: 'e', source: CONFIG, tuning: { adaptive, minParallel } }) as unknown as ResolvedRunPlan

  it('applies only with adaptive, parallel > 1 and no checkpoint', () => {
    expect(governorApplies(plan(true), chunked({}))).toBe(true)
    expect(governorApplies(plan(false), chunked({}))).toBe(false)
    expect(governorApplies(plan(true), chunked({ parallel: 1 }))).toBe(false)
    expect(governorApplies(plan(true), chunked({ checkpoint: true }))).toBe(false)
  })

  it('a failing monitoring connection leaves parallelism static', async () => {
    const restore = setPressureProbeFactory(() => Promise.reject(new Error('connect refused')))
    try {
      const limit = new ConcurrencyLimit(3)
      const gov = await armGovernor({ plan: plan(true), chunked: chunked({}), limit, journal: new RunJournal('r', 'e'), log: logger('test'), env: {} })
      expect(gov).toBeUndefined()
      expect(limit.value).toBe(3)
    } finally {
      restore()
    }
  })

  it('journals each change as ParallelismAdjusted and stops at min_parallel', async () => {
    const probe = scriptedProbe([1n, 2n, 3n, 4n, 5n])
    const restore = setPressureProbeFactory(() => Promise.resolve(probe))
    try {
      const limit = new ConcurrencyLimit(3)
      const journal = new RunJournal('r', 'e')
      const gov = await armGovernor({ plan: plan(true, 2), chunked: chunked({}), limit, journal, log: logger('test'), env: { RIVET_GOVERNOR_INTERVAL_MS: '3' } })
      while (probe.taken < 5) await sleep(2)
      await gov?.stop()
      expect(journal.entries.map((e) => e.event)).toEqual([{ ParallelismAdjusted: { from: 3, to: 2, reason: REASON_PRESSURE_RISING } }])
      expect(probe.closed).toBe(1)
    } finally {
      restore()
    }
  })
})

describe('sourcePressureProbe (E08 proxies)', () => {
  it('PostgreSQL clears the stats snapshot, then reads checkpoints_req', async () => {
    const src = fakeSource('postgres', (sql) => (sql.includes('checkpoints_req') ? '42' : ''))
    const probe = sourcePressureProbe(src)
    expect(await probe.sample()).toBe(42n)
    expect(src.queries[0]).toBe('SELECT pg_stat_clear_snapshot()')
    expect(src.queries[1]).toMatch(/checkpoints_req.*pg_stat_bgwriter/)
    await probe.close()
    await probe.close()
    expect(src.closed).toBe(1)
  })
  it('PostgreSQL 17+ falls back to pg_stat_checkpointer and keeps using it', async () => {
    const src = fakeSource('postgres', (sql) => {
      if (sql.includes('pg_stat_bgwriter')) throw new Error('column "checkpoints_req" does not exist')
      return sql.includes('num_requested') ? '9' : ''
    })
    const probe = sourcePressureProbe(src)
    expect(await probe.sample()).toBe(9n)
    expect(await probe.sample()).toBe(9n)
    expect(src.queries.filter((q) => q.includes('pg_stat_bgwriter'))).toHaveLength(1)
    expect(src.queries.filter((q) => q.includes('pg_stat_checkpointer'))).toHaveLength(2)
  })
  it('MySQL sums the two status counters, falling back to information_schema', async () => {
    const src = fakeSource('mysql', (sql) => {
      if (sql.includes('performance_schema')) throw new Error('no such table')
      return '17'
    })
    const probe = sourcePressureProbe(src)
    expect(await probe.sample()).toBe(17n)
    expect(await probe.sample()).toBe(17n)
    const used = src.queries.filter((q) => q.includes('information_schema'))
    expect(used).toHaveLength(2)
    expect(used[0]).toMatch(/CREATED_TMP_DISK_TABLES.*INNODB_BUFFER_POOL_WAIT_FREE/)
  })
  it('SQL Server reads the workfile + worktable counters', async () => {
    const src = fakeSource('mssql', () => '7')
    expect(await sourcePressureProbe(src).sample()).toBe(7n)
    expect(src.queries[0]).toMatch(/dm_os_performance_counters.*Workfiles Created\/sec.*Worktables Created\/sec/)
  })
  it('a failed or non-numeric reading is no sample', async () => {
    expect(await sourcePressureProbe(fakeSource('postgres', () => { throw new Error('gone') })).sample()).toBeUndefined()
    expect(await sourcePressureProbe(fakeSource('mssql', () => null)).sample()).toBeUndefined()
    expect(await sourcePressureProbe(fakeSource('mssql', () => 'n/a')).sample()).toBeUndefined()
  })
})
