import { afterEach, beforeEach, expect, it } from 'vitest'
import { RivetError } from '../../../src/errors/index.js'
import type { ChunkRunRow, MetricsRow, StateStore } from '../../../src/state/index.js'

/** A backend under test: each `open()` yields an empty, migrated store of its own. */
export interface StateBackend {
  readonly name: string
  open(): Promise<{ store: StateStore; cleanup: () => Promise<void> }>
}

const T0 = '2026-01-01T00:00:00.000Z'
const T1 = '2026-01-01T00:01:00.000Z'
const T2 = '2026-01-01T00:02:00.000Z'

function metric(over: Partial<MetricsRow>): MetricsRow {
  return {
    exportName: 'orders', runId: 'orders_1', runAt: T0, durationMs: 1500, totalRows: 10, peakRssMb: 64,
    status: 'success', errorMessage: null, tuningProfile: 'balanced', format: 'parquet', mode: 'full',
    filesProduced: 1, bytesWritten: 4096, retries: 0, validated: null, schemaChanged: null, ...over,
  }
}

function chunkRun(runId: string, exportName = 'orders', maxChunkAttempts = 2): ChunkRunRow {
  return { runId, exportName, planHash: 'deadbeefdeadbeef', status: 'in_progress', maxChunkAttempts, createdAt: T0, updatedAt: T0 }
}

const ranges = (n: number): { chunkIndex: number; startKey: string; endKey: string }[] =>
  Array.from({ length: n }, (_, i) => ({ chunkIndex: i, startKey: String(i * 10 + 1), endKey: String(i * 10 + 10) }))

/** Every repo scenario, written once; called inside a `describe` per backend. */
export function defineRepoScenarios(backend: StateBackend): void {
  let s: StateStore
  let cleanup: () => Promise<void>
  beforeEach(async () => {
    ;({ store: s, cleanup } = await backend.open())
  })
  afterEach(async () => {
    await s.close()
    await cleanup()
  })

  it('cursors: set, overwrite, list in name order, reset', async () => {
    expect(await s.cursors.get('orders')).toBeUndefined()
    await s.cursors.set('orders', '100', T0)
    await s.cursors.set('orders', '1000', T1)
    await s.cursors.set('users', null, T0)
    expect(await s.cursors.get('orders')).toEqual({ exportName: 'orders', lastCursorValue: '1000', lastRunAt: T1 })
    expect((await s.cursors.list()).map((c) => c.exportName)).toEqual(['orders', 'users'])
    expect(await s.cursors.reset('orders')).toBe(true)
    expect(await s.cursors.reset('orders')).toBe(false)
    expect(await s.cursors.get('orders')).toBeUndefined()
  })

  it('metrics: newest first, filter, limit, flags and nulls round-trip', async () => {
    await s.metrics.insert(metric({ runId: 'orders_1', validated: true, schemaChanged: false }))
    await s.metrics.insert(metric({ exportName: 'users', runId: 'users_1', status: 'failed', errorMessage: 'boom', peakRssMb: null }))
    await s.metrics.insert(metric({ runId: 'orders_2', status: 'skipped', tuningProfile: null, format: null, mode: null }))
    const all = await s.metrics.recent({ limit: 10 })
    expect(all.map((m) => m.runId)).toEqual(['orders_2', 'users_1', 'orders_1'])
    expect(all[0]!.id).toBeGreaterThan(all[1]!.id)
    const orders = await s.metrics.recent({ exportName: 'orders', limit: 1 })
    expect(orders).toHaveLength(1)
    expect(orders[0]).toMatchObject({ runId: 'orders_2', status: 'skipped', tuningProfile: null, validated: null, schemaChanged: null })
    const first = all[2]!
    const { id: _id, ...row } = first
    expect(row).toEqual(metric({ runId: 'orders_1', validated: true, schemaChanged: false }))
    expect(all[1]).toMatchObject({ status: 'failed', errorMessage: 'boom', peakRssMb: null })
  })

  it('file log: newest first, filter by export, a run in write order', async () => {
    const f = { runId: 'r1', exportName: 'orders', rowCount: 5, bytes: 100, format: 'parquet', compression: 'zstd', createdAt: T0 }
    await s.files.insert({ ...f, fileName: 'a.parquet' })
    await s.files.insert({ ...f, fileName: 'b.parquet', compression: null })
    await s.files.insert({ ...f, runId: 'r2', exportName: 'users', fileName: 'u.csv', format: 'csv' })
    expect((await s.files.recent({ limit: 2 })).map((x) => x.fileName)).toEqual(['u.csv', 'b.parquet'])
    expect((await s.files.recent({ exportName: 'orders', limit: 50 })).map((x) => x.fileName)).toEqual(['b.parquet', 'a.parquet'])
    expect(await s.files.forRun('r1')).toEqual([
      { ...f, fileName: 'a.parquet' },
      { ...f, fileName: 'b.parquet', compression: null },
    ])
  })

  it('schemas: snapshot stored and replaced', async () => {
    expect(await s.schemas.get('orders')).toBeUndefined()
    await s.schemas.put('orders', [{ name: 'id', type: 'Int64' }], T0)
    await s.schemas.put('orders', [{ name: 'id', type: 'Int64' }, { name: 'note', type: 'Utf8' }], T1)
    expect(await s.schemas.get('orders')).toEqual({
      columns: [{ name: 'id', type: 'Int64' }, { name: 'note', type: 'Utf8' }],
      updatedAt: T1,
    })
  })

  it('shapes: merge keeps the running MAX per column', async () => {
    expect((await s.shapes.get('orders')).size).toBe(0)
    await s.shapes.merge('orders', new Map([['a', 10], ['b', 5]]), T0)
    await s.shapes.merge('orders', new Map([['a', 3], ['b', 8], ['c', 1]]), T1)
    await s.shapes.merge('orders', new Map(), T2)
    expect(await s.shapes.get('orders')).toEqual(new Map([['a', 10], ['b', 8], ['c', 1]]))
    expect((await s.shapes.get('users')).size).toBe(0)
  })

  it('progression: committed and verified boundaries, monotonic cursor, reset', async () => {
    expect(await s.progression.get('orders')).toBeUndefined()
    await s.progression.commit('orders', { strategy: 'incremental', cursor: '999', chunkIndex: null, runId: 'r1', at: T0 })
    await s.progression.commit('orders', { strategy: 'incremental', cursor: '1000', chunkIndex: null, runId: 'r2', at: T1 })
    // a regressing cursor leaves the boundary where it was
    await s.progression.commit('orders', { strategy: 'incremental', cursor: '998', chunkIndex: null, runId: 'r3', at: T2 })
    await s.progression.verify('orders', { strategy: 'incremental', cursor: '999', chunkIndex: null, runId: 'r1', at: T2 })
    expect(await s.progression.get('orders')).toEqual({
      exportName: 'orders',
      committed: { strategy: 'incremental', cursor: '1000', chunkIndex: null, runId: 'r2', at: T1 },
      verified: { strategy: 'incremental', cursor: '999', chunkIndex: null, runId: 'r1', at: T2 },
    })
    await s.progression.commit('chunks', { strategy: 'chunked', cursor: null, chunkIndex: 41, runId: 'c1', at: T0 })
    expect(await s.progression.get('chunks')).toEqual({
      exportName: 'chunks',
      committed: { strategy: 'chunked', cursor: null, chunkIndex: 41, runId: 'c1', at: T0 },
      verified: undefined,
    })
    expect((await s.progression.list()).map((p) => p.exportName)).toEqual(['chunks', 'orders'])
    expect(await s.progression.reset('orders')).toBe(true)
    expect(await s.progression.reset('orders')).toBe(false)
    expect(await s.progression.get('orders')).toBeUndefined()
  })

  it('checkpoints: claimNext takes the lowest chunk and bumps attempts', async () => {
    await s.checkpoints.createRun(chunkRun('run_a'), ranges(3))
    const tasks = await s.checkpoints.tasks('run_a')
    expect(tasks.map((t) => [t.chunkIndex, t.status, t.attempts])).toEqual([[0, 'pending', 0], [1, 'pending', 0], [2, 'pending', 0]])
    const t0 = await s.checkpoints.claimNext('run_a', 2, T1)
    expect(t0).toMatchObject({ chunkIndex: 0, startKey: '1', endKey: '10', status: 'running', attempts: 1, updatedAt: T1 })
    const t1 = await s.checkpoints.claimNext('run_a', 2, T1)
    expect(t1?.chunkIndex).toBe(1)
    await s.checkpoints.completeTask('run_a', 0, 7, 'part0.parquet', T2)
    const t2 = await s.checkpoints.claimNext('run_a', 2, T1)
    expect(t2?.chunkIndex).toBe(2)
    expect(await s.checkpoints.claimNext('run_a', 2, T1)).toBeUndefined()
    const after = await s.checkpoints.tasks('run_a')
    expect(after[0]).toMatchObject({ status: 'completed', rowsWritten: 7, fileName: 'part0.parquet', lastError: null, updatedAt: T2 })
    expect(after.slice(1).map((t) => t.status)).toEqual(['running', 'running'])
  })

  it('checkpoints: a failed chunk is retried until maxAttempts, then left failed', async () => {
    await s.checkpoints.createRun(chunkRun('run_b'), ranges(1))
    expect((await s.checkpoints.claimNext('run_b', 2, T0))?.attempts).toBe(1)
    await s.checkpoints.failTask('run_b', 0, 'boom', T1)
    const retry = await s.checkpoints.claimNext('run_b', 2, T1)
    expect(retry).toMatchObject({ chunkIndex: 0, attempts: 2, lastError: 'boom' })
    await s.checkpoints.failTask('run_b', 0, 'again', T2)
    expect(await s.checkpoints.claimNext('run_b', 2, T2)).toBeUndefined()
    expect((await s.checkpoints.tasks('run_b'))[0]).toMatchObject({ status: 'failed', attempts: 2, lastError: 'again' })
    // a higher limit makes it claimable again
    expect((await s.checkpoints.claimNext('run_b', 3, T2))?.attempts).toBe(3)
  })

  it('checkpoints: resetRunning, setTaskPending, finishRun', async () => {
    await s.checkpoints.createRun(chunkRun('run_c'), ranges(3))
    await s.checkpoints.claimNext('run_c', 2, T0)
    await s.checkpoints.claimNext('run_c', 2, T0)
    await s.checkpoints.completeTask('run_c', 0, 3, 'p0', T1)
    expect(await s.checkpoints.resetRunning('run_c', T2)).toBe(1)
    expect((await s.checkpoints.tasks('run_c')).map((t) => t.status)).toEqual(['completed', 'pending', 'pending'])
    expect((await s.checkpoints.tasks('run_c'))[1]).toMatchObject({ attempts: 1, updatedAt: T2 })
    await s.checkpoints.setTaskPending('run_c', 0, T2)
    expect((await s.checkpoints.tasks('run_c'))[0]).toMatchObject({ status: 'pending', attempts: 0, rowsWritten: null, fileName: null })
    expect((await s.checkpoints.claimNext('run_c', 2, T2))?.chunkIndex).toBe(0)
    await s.checkpoints.finishRun('run_c', T2)
    expect(await s.checkpoints.claimNext('run_c', 2, T2)).toBeUndefined()
    expect(await s.checkpoints.latestRun('orders')).toMatchObject({ runId: 'run_c', status: 'completed', updatedAt: T2, maxChunkAttempts: 2 })
    expect(await s.checkpoints.inProgressRun('orders')).toBeUndefined()
  })

  it('checkpoints: concurrent claims never hand out the same chunk', async () => {
    await s.checkpoints.createRun(chunkRun('run_p'), ranges(6))
    const claims = await Promise.all(Array.from({ length: 8 }, () => s.checkpoints.claimNext('run_p', 2, T1)))
    const got = claims.filter((c) => c !== undefined).map((c) => c.chunkIndex)
    expect(got.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5])
    expect(claims.filter((c) => c === undefined)).toHaveLength(2)
  })

  it('checkpoints: in-progress lookups and deleteForExport', async () => {
    expect(await s.checkpoints.inProgressExports()).toEqual([])
    await s.checkpoints.createRun({ ...chunkRun('r_old', 'zebra'), createdAt: T0 }, ranges(1))
    await s.checkpoints.finishRun('r_old', T1)
    await s.checkpoints.createRun(chunkRun('r_a1', 'alpha'), ranges(2))
    await s.checkpoints.createRun({ ...chunkRun('r_a2', 'alpha'), createdAt: T1, updatedAt: T1 }, ranges(2))
    await s.checkpoints.createRun(chunkRun('r_b', 'beta'), [])
    expect(await s.checkpoints.inProgressExports()).toEqual(['alpha', 'beta'])
    expect((await s.checkpoints.inProgressRun('alpha'))?.runId).toBe('r_a2')
    expect(await s.checkpoints.deleteForExport('alpha')).toBe(2)
    expect(await s.checkpoints.tasks('r_a1')).toEqual([])
    expect(await s.checkpoints.tasks('r_a2')).toEqual([])
    expect(await s.checkpoints.latestRun('alpha')).toBeUndefined()
    expect(await s.checkpoints.deleteForExport('alpha')).toBe(0)
    expect(await s.checkpoints.inProgressExports()).toEqual(['beta'])
  })

  it('journal: put replaces by run id; recent is newest first', async () => {
    await s.journal.put('orders_1', 'orders', T0, { events: [{ kind: 'RunCompleted' }] })
    await s.journal.put('orders_2', 'orders', T1, { events: [] })
    await s.journal.put('orders_1', 'orders', T2, { events: [{ kind: 'RetryAttempted', n: 1 }], ok: true })
    await s.journal.put('users_1', 'users', T2, null)
    expect((await s.journal.recent('orders', 5)).map((j) => [j.runId, j.finishedAt])).toEqual([['orders_1', T2], ['orders_2', T1]])
    expect(await s.journal.recent('orders', 1)).toHaveLength(1)
    expect(await s.journal.byRunId('orders_1')).toEqual({
      runId: 'orders_1', exportName: 'orders', finishedAt: T2, journal: { events: [{ kind: 'RetryAttempted', n: 1 }], ok: true },
    })
    expect(await s.journal.byRunId('nope')).toBeUndefined()
  })

  it('run aggregates: insert; a duplicate id is a RIVET_STATE_WRITE', async () => {
    const agg = {
      runAggregateId: 'agg_20260101T000000000', startedAt: T0, finishedAt: T1, durationMs: 60000, configPath: null,
      parallelMode: 'sequential', totalExports: 2, successCount: 1, failedCount: 1, skippedCount: 0,
      totalRows: 10, totalFiles: 1, totalBytes: 4096, details: [{ export_name: 'orders', status: 'success' }],
    }
    await s.runAggregates.insert(agg)
    await expect(s.runAggregates.insert(agg)).rejects.toMatchObject({ code: 'RIVET_STATE_WRITE' })
  })

  it('transaction: commits together; a throw rolls everything back', async () => {
    await s.transaction(async (tx) => {
      await tx.cursors.set('a', '1', T0)
      await tx.progression.commit('a', { strategy: 'incremental', cursor: '1', chunkIndex: null, runId: 'r', at: T0 })
    })
    expect(await s.cursors.get('a')).toBeDefined()
    const boom = new RivetError('RIVET_INTERNAL', 'boom')
    await expect(
      s.transaction(async (tx) => {
        await tx.cursors.set('b', '1', T0)
        await tx.files.insert({ runId: 'r', exportName: 'b', fileName: 'f', rowCount: 1, bytes: 1, format: 'csv', compression: null, createdAt: T0 })
        throw boom
      }),
    ).rejects.toBe(boom)
    expect(await s.cursors.get('b')).toBeUndefined()
    expect(await s.files.forRun('r')).toEqual([])
  })

  it('transaction: nested calls join the outer one', async () => {
    await expect(
      s.transaction(async (tx) => {
        await tx.transaction(async (inner) => {
          await inner.cursors.set('n', '1', T0)
        })
        // the nested commit is not a real commit: the outer throw undoes it
        expect(await tx.cursors.get('n')).toBeDefined()
        // repo methods that open their own transaction join as well
        await tx.checkpoints.createRun(chunkRun('run_n', 'n'), ranges(2))
        throw new Error('undo')
      }),
    ).rejects.toThrow('undo')
    expect(await s.cursors.get('n')).toBeUndefined()
    expect(await s.checkpoints.latestRun('n')).toBeUndefined()
  })

  it('transaction: a statement from outside is not swept into an open transaction', async () => {
    let enter = (): void => undefined
    const entered = new Promise<void>((r) => (enter = r))
    let release = (): void => undefined
    const gate = new Promise<void>((r) => (release = r))
    const tx = s.transaction(async (t) => {
      await t.cursors.set('inside', '1', T0)
      enter()
      await gate
      throw new Error('rollback')
    })
    await entered
    const outside = s.cursors.set('outside', '1', T0)
    release()
    await expect(tx).rejects.toThrow('rollback')
    await outside
    expect(await s.cursors.get('inside')).toBeUndefined()
    expect(await s.cursors.get('outside')).toBeDefined()
  })

  it('close is idempotent', async () => {
    await s.close()
    await s.close()
  })
}
