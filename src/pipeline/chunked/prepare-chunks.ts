import type { RunJournal } from '../../journal/run-journal.js'
import type { Logger } from '../../log/index.js'
import type { ChunkedPlan, ResolvedRunPlan } from '../../plan/run-plan.js'
import type { Source } from '../../source/source.js'
import type { StateStore } from '../../state/state-store.js'
import { withRetries } from '../retry.js'
import { checkpointQueue, openCheckpoint } from './checkpoint.js'
import { chunkShape, detectLayout, resolveChunkColumn, type ChunkLayout } from './detect.js'
import { memoryQueue, type TaskQueue } from './dispatch.js'
import { planFingerprint } from './math.js'
import type { SourceSlot } from './source-slot.js'

/** The windows of a run and where the workers take them from. */
export interface PreparedChunks {
  readonly layout: ChunkLayout
  readonly queue: TaskQueue
  /** Set with `chunk_checkpoint: true`: the chunk run this invocation works on. */
  readonly chunkRunId: string | undefined
}

/**
 * Resolves the chunk column, probes the windows and (with checkpoints) opens or adopts the
 * chunk run. Nothing is written before the probes succeed, so a transient source failure
 * here is retried on a fresh connection with the F06 backoff.
 */
export async function prepareChunks(o: { slot: SourceSlot; plan: ResolvedRunPlan; chunked: ChunkedPlan; state: StateStore; runId: string; startedAt: Date; now: () => Date; journal: RunJournal; log: Logger; retries: { retries: number } }): Promise<PreparedChunks> {
  return withRetries(o.plan, o.journal, o.log, o.retries, async () => {
    try {
      return await prepareOnce(await o.slot.get(), o)
    } catch (err) {
      // A fresh probe connection for the retry; the failed one may be broken.
      await o.slot.reset().catch((closeErr: unknown) => {
        o.log.debug({ err: String(closeErr) }, 'closing a failed probe connection')
      })
      throw err
    }
  })
}

async function prepareOnce(source: Source, o: { plan: ResolvedRunPlan; chunked: ChunkedPlan; state: StateStore; runId: string; startedAt: Date; now: () => Date; log: Logger }): Promise<PreparedChunks> {
  const { plan, chunked, log } = o
  const column = await resolveChunkColumn(source, plan, chunked, log)
  const shape = chunkShape(chunked)
  if (!chunked.checkpoint) {
    const layout = await detectLayout(source, plan, chunked, column, log)
    return { layout, queue: memoryQueue(layout.windows), chunkRunId: undefined }
  }
  const planHash = await planFingerprint(plan.baseQuery, column, shape)
  let detected: ChunkLayout | undefined
  const chunkRunId = await openCheckpoint({ state: o.state, plan, chunked, planHash, runId: o.runId, at: o.startedAt.toISOString(), log, windows: async () => (detected = await detectLayout(source, plan, chunked, column, log)).windows })
  // On --resume the stored windows are used; the layout only carries the column and shape.
  const layout = detected ?? { column, shape, mode: shape.kind === 'dense' ? 'dense' : shape.kind === 'days' ? 'days' : 'range', windows: [] }
  return { layout, queue: checkpointQueue(o.state, chunkRunId, chunked.maxAttempts, o.now), chunkRunId }
}
