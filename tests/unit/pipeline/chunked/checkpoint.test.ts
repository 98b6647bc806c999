import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isRivetError } from '../../../../src/errors/index.js'
import { logger } from '../../../../src/log/index.js'
import { assertCheckpointComplete, checkpointQueue, openCheckpoint } from '../../../../src/pipeline/chunked/checkpoint.js'
import { rangeWindows } from '../../../../src/pipeline/chunked/math.js'
import type { ChunkedPlan, ResolvedRunPlan } from '../../../../src/plan/index.js'
import { openSqliteStateStore, type StateStore } from '../../../../src/state/index.js'
import { planOf } from '../../plan/plan-fixture.js'

const log = logger('test')
const now = (): Date => new Date('2026-01-01T00:00:00Z')

async function setup(resume = false): Promise<{ state: StateStore; plan: ResolvedRunPlan; chunked: ChunkedPlan }> {
  const state = await openSqliteStateStore(join(mkdtempSync(join(tmpdir(), 'rivet-ckpt-')), 'state.db'))
  const plan = await planOf('    mode: chunked\n    chunk_column: id\n    chunk_size: 10\n    chunk_checkpoint: true\n    chunk_max_attempts: 2\n', { flags: { resume } })
  if (plan.strategy.kind !== 'chunked') throw new Error('fixture is not chunked')
  return { state, plan, chunked: plan.strategy.chunked }
}

const windows = (): Promise<ReturnType<typeof rangeWindows>> => Promise.resolve(rangeWindows(1n, 35n, 10n))

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
    return undefined
  } catch (err) {
    return isRivetError(err) ? err.code : 'not-rivet'
  }
}

describe('chunk checkpoints (D19, I06)', () => {
  it('a fresh run records one pending task per window; a second fresh run is refused', async () => {
    const { state, plan, chunked } = await setup()
    const id = await openCheckpoint({ state, plan, chunked, planHash: 'h1', runId: 'r1', windows, at: now().toISOString(), log })
    expect(id).toBe('r1')
    const tasks = await state.checkpoints.tasks('r1')
    expect(tasks.map((t) => [t.chunkIndex, t.startKey, t.endKey, t.status])).toEqual([[0, '1', '10', 'pending'], [1, '11', '20', 'pending'], [2, '21', '30', 'pending'], [3, '31', '35', 'pending']])
    expect(await codeOf(openCheckpoint({ state, plan, chunked, planHash: 'h1', runId: 'r2', windows, at: now().toISOString(), log }))).toBe('RIVET_CHECKPOINT_IN_PROGRESS')
    await state.close()
  })

  it('--resume adopts the in-progress run, resets running tasks, and checks the fingerprint', async () => {
    const { state, plan, chunked } = await setup()
    await openCheckpoint({ state, plan, chunked, planHash: 'h1', runId: 'r1', windows, at: now().toISOString(), log })
    const q = checkpointQueue(state, 'r1', chunked.maxAttempts, now)
    const first = await q.next()
    await q.completed(first ?? { index: -1, window: { lo: 0n, hi: 0n } }, { rows: 10, fileNames: ['a.csv'] })
    await q.next() // chunk 1 left running, as after a crash
    const resumePlan = { ...plan, flags: { ...plan.flags, resume: true } }
    expect(await codeOf(openCheckpoint({ state, plan: resumePlan, chunked, planHash: 'other', runId: 'r9', windows, at: now().toISOString(), log }))).toBe('RIVET_CHECKPOINT_MISMATCH')
    expect(await openCheckpoint({ state, plan: resumePlan, chunked, planHash: 'h1', runId: 'r9', windows, at: now().toISOString(), log })).toBe('r1')
    expect((await state.checkpoints.tasks('r1')).map((t) => t.status)).toEqual(['completed', 'pending', 'pending', 'pending'])
    const next = await q.next()
    expect(next?.index).toBe(1)
    await state.close()
  })

  it('--resume without an in-progress run is refused', async () => {
    const { state, plan, chunked } = await setup(true)
    expect(await codeOf(openCheckpoint({ state, plan, chunked, planHash: 'h1', runId: 'r1', windows, at: now().toISOString(), log }))).toBe('RIVET_CHECKPOINT_NOT_FOUND')
    await state.close()
  })

  it('a failed task is re-claimed until chunk_max_attempts, then the run is incomplete', async () => {
    const { state, plan, chunked } = await setup()
    await openCheckpoint({ state, plan, chunked, planHash: 'h1', runId: 'r1', windows: () => Promise.resolve(rangeWindows(1n, 10n, 10n)), at: now().toISOString(), log })
    const q = checkpointQueue(state, 'r1', chunked.maxAttempts, now)
    for (let i = 0; i < 2; i++) {
      const t = await q.next()
      expect(t?.index).toBe(0)
      expect(await q.failed(t ?? { index: 0, window: { lo: 0n, hi: 0n } }, new Error('boom'))).toBe(true)
    }
    expect(await q.next()).toBeUndefined()
    const [task] = await state.checkpoints.tasks('r1')
    expect([task?.status, task?.attempts, task?.lastError]).toEqual(['failed', 2, 'boom'])
    const err = await assertCheckpointComplete(state, plan, 'r1', new Error('boom')).catch((e: unknown) => e)
    expect(isRivetError(err) && err.code).toBe('RIVET_CHECKPOINT_INCOMPLETE')
    expect(isRivetError(err) && err.message).toContain('chunk checkpoint incomplete (1 tasks not completed)')
    await state.close()
  })
})
