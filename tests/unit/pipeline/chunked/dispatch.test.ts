import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { RivetError } from '../../../../src/errors/index.js'
import { logger } from '../../../../src/log/index.js'
import { chunkFileName, chunkNonce } from '../../../../src/pipeline/chunked/chunk-naming.js'
import { memoryQueue, runWorkers } from '../../../../src/pipeline/chunked/dispatch.js'
import { rangeWindows } from '../../../../src/pipeline/chunked/math.js'
import { waitForMemory } from '../../../../src/pipeline/chunked/memory-gate.js'
import type { ResolvedSource } from '../../../../src/plan/index.js'
import type { Source } from '../../../../src/source/source.js'

const CONFIG: ResolvedSource = { engine: 'postgres', connection: { kind: 'url', url: 'postgresql://127.0.0.1:1/none', origin: { kind: 'inline' } }, tls: undefined, environment: undefined }

function fakeSource(): Source & { closed: number } {
  const s = {
    engine: 'postgres' as const,
    closed: 0,
    export: () => Promise.reject(new Error('unused')),
    queryScalar: () => Promise.resolve(null),
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

describe('runWorkers (D18)', () => {
  it('runs every window once with at most N in flight, and closes the adopted connection', async () => {
    const first = fakeSource()
    let inFlight = 0
    let peak = 0
    const seen: number[] = []
    const errors = await runWorkers({
      workers: 3,
      sourceConfig: CONFIG,
      first,
      queue: memoryQueue(rangeWindows(1n, 100n, 10n)),
      gate: () => Promise.resolve(),
      signal: undefined,
      run: async (_slot, task) => {
        inFlight++
        peak = Math.max(peak, inFlight)
        await sleep(5)
        seen.push(task.index)
        inFlight--
        return { rows: 1, fileNames: [] }
      },
    })
    expect(errors).toEqual([])
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(10).keys()])
    expect(peak).toBe(3)
    expect(first.closed).toBe(1)
  })

  it('a failure stops further dispatch (in-memory queue) and is returned', async () => {
    const first = fakeSource()
    const started: number[] = []
    const errors = await runWorkers({
      workers: 1,
      sourceConfig: CONFIG,
      first,
      queue: memoryQueue(rangeWindows(1n, 50n, 10n)),
      gate: () => Promise.resolve(),
      signal: undefined,
      run: (_slot, task) => {
        started.push(task.index)
        return task.index === 1 ? Promise.reject(new RivetError('RIVET_SOURCE_QUERY', 'bad chunk')) : Promise.resolve({ rows: 0, fileNames: [] })
      },
    })
    expect(started).toEqual([0, 1])
    expect(errors).toHaveLength(1)
    expect(first.closed).toBe(1)
  })

  it('an aborted signal dispatches nothing more', async () => {
    const ac = new AbortController()
    ac.abort('SIGINT')
    let ran = 0
    await runWorkers({ workers: 2, sourceConfig: CONFIG, first: fakeSource(), queue: memoryQueue(rangeWindows(1n, 5n, 1n)), gate: () => Promise.resolve(), signal: ac.signal, run: () => { ran++; return Promise.resolve({ rows: 0, fileNames: [] }) } })
    expect(ran).toBe(0)
  })
})

describe('waitForMemory (E06)', () => {
  it('pauses while RSS is above the threshold, then proceeds', async () => {
    const readings = [600, 550, 400].map((mb) => mb * 1024 * 1024)
    const pauses: number[] = []
    await waitForMemory(500, { log: logger('test'), pollMs: 2000, rssBytes: () => readings.shift() ?? 0, pause: (ms) => { pauses.push(ms); return Promise.resolve() } })
    expect(pauses).toEqual([2000, 2000])
  })
  it('0 disables the gate', async () => {
    let read = 0
    await waitForMemory(0, { log: logger('test'), pollMs: 1, rssBytes: () => { read++; return Number.MAX_SAFE_INTEGER } })
    expect(read).toBe(0)
  })
})

describe('chunk file names (G04)', () => {
  it('<export>_<ts>_chunk<i>_<16 hex>.<ext>, _p<k> on every part of a rotated chunk', () => {
    const n = chunkNonce()
    expect(n).toMatch(/^[0-9a-f]{16}$/)
    expect(chunkNonce()).not.toBe(n)
    expect(chunkFileName('orders', '20260115_143022', 3, n, 'parquet', 0, 1)).toBe(`orders_20260115_143022_chunk3_${n}.parquet`)
    expect(chunkFileName('orders', '20260115_143022', 3, n, 'csv', 0, 2)).toBe(`orders_20260115_143022_chunk3_${n}_p0.csv`)
    expect(chunkFileName('orders', '20260115_143022', 3, n, 'csv', 1, 2)).toBe(`orders_20260115_143022_chunk3_${n}_p1.csv`)
  })
})
