import type { Destination } from '../../destination/destination.js'
import { RivetError, isRivetError } from '../../errors/index.js'
import type { Logger } from '../../log/index.js'
import { SUCCESS_FILENAME } from '../../manifest/manifest.js'
import type { ChunkedPlan, ResolvedRunPlan } from '../../plan/run-plan.js'
import { redactSecrets } from '../../redact/index.js'
import type { StateStore } from '../../state/state-store.js'
import { crashPoint } from '../fault-injection.js'
import type { ChunkTask, TaskQueue } from './dispatch.js'
import type { ChunkWindow } from './math.js'

function configHint(plan: ResolvedRunPlan): string {
  return `--config ${plan.configPath}`
}

/**
 * D19 + I06: the chunk run a checkpointed invocation works on. A fresh run records the
 * plan (one pending task per window) and refuses while another run is in progress;
 * `--resume` adopts the in-progress run when its fingerprint matches and sends tasks
 * left `running` by a crash back to `pending`. Resolves to the chunk run id.
 */
export async function openCheckpoint(o: {
  state: StateStore
  plan: ResolvedRunPlan
  chunked: ChunkedPlan
  planHash: string
  runId: string
  windows: () => Promise<readonly ChunkWindow[]>
  at: string
  log: Logger
}): Promise<string> {
  const { plan, state } = o
  const name = plan.exportName
  const current = await state.checkpoints.inProgressRun(name)
  if (plan.flags.resume) {
    if (current === undefined) {
      throw new RivetError('RIVET_CHECKPOINT_NOT_FOUND', `export '${name}': --resume but no in-progress chunk checkpoint; run without --resume first or \`rivet state reset-chunks ${configHint(plan)} --export ${name}\``)
    }
    if (current.planHash !== o.planHash) {
      throw new RivetError('RIVET_CHECKPOINT_MISMATCH', `export '${name}': chunk plan fingerprint mismatch (query, chunk_column, chunk_size, chunk_count, chunk_dense or chunk_by_days changed); cannot resume`, {
        hint: `restore the previous chunk settings to resume, or discard the checkpoint with \`rivet state reset-chunks ${configHint(plan)} --export ${name}\``,
        details: { stored: current.planHash, current: o.planHash },
      })
    }
    const reset = await state.checkpoints.resetRunning(current.runId, o.at)
    if (reset > 0) o.log.warn(`export '${name}': reset ${reset} stale 'running' chunk task(s) after resume`)
    return current.runId
  }
  if (current !== undefined) {
    throw new RivetError('RIVET_CHECKPOINT_IN_PROGRESS', `export '${name}': chunk checkpoint run '${current.runId}' still in progress; use \`rivet run ${configHint(plan)} --export ${name} --resume\` or \`rivet state reset-chunks ${configHint(plan)} --export ${name}\``)
  }
  const windows = await o.windows()
  await state.checkpoints.createRun(
    { runId: o.runId, exportName: name, planHash: o.planHash, status: 'in_progress', maxChunkAttempts: o.chunked.maxAttempts, createdAt: o.at, updatedAt: o.at },
    windows.map((w, i) => ({ chunkIndex: i, startKey: String(w.lo), endKey: String(w.hi) })),
  )
  o.log.info(`export '${name}': chunk checkpoint: ${windows.length} task(s) saved (run_id=${o.runId})`)
  return o.runId
}

/** Tasks claimed from the checkpoint tables; a failed task stays claimable until `chunk_max_attempts` (F09). */
export function checkpointQueue(state: StateStore, chunkRunId: string, maxAttempts: number, now: () => Date): TaskQueue {
  return {
    async next(): Promise<ChunkTask | undefined> {
      const t = await state.checkpoints.claimNext(chunkRunId, maxAttempts, now().toISOString())
      return t === undefined ? undefined : { index: t.chunkIndex, window: { lo: BigInt(t.startKey), hi: BigInt(t.endKey) } }
    },
    async completed(task, outcome) {
      await state.checkpoints.completeTask(chunkRunId, task.index, outcome.rows, outcome.fileNames.length === 0 ? null : outcome.fileNames.join(','), now().toISOString())
      crashPoint('after_chunk_complete', task.index)
    },
    async failed(task, err) {
      // An interrupted window did not fail: it goes back to pending without spending an attempt.
      if (isRivetError(err) && err.code === 'RIVET_INTERRUPTED') {
        await state.checkpoints.setTaskPending(chunkRunId, task.index, now().toISOString())
        return false
      }
      const message = redactSecrets(err instanceof Error ? err.message : String(err))
      await state.checkpoints.failTask(chunkRunId, task.index, message, now().toISOString())
      return !(isRivetError(err) && err.code === 'RIVET_SCHEMA_DRIFT')
    },
  }
}

/** I06: unfinished tasks at the end of a checkpointed run fail it (the checkpoint stays for `--resume`). */
export async function assertCheckpointComplete(state: StateStore, plan: ResolvedRunPlan, chunkRunId: string, cause: unknown): Promise<void> {
  const open = (await state.checkpoints.tasks(chunkRunId)).filter((t) => t.status !== 'completed')
  if (open.length === 0) return
  const code = isRivetError(cause) ? cause.code : 'RIVET_CHECKPOINT_INCOMPLETE'
  throw new RivetError(code === 'RIVET_INTERRUPTED' ? code : 'RIVET_CHECKPOINT_INCOMPLETE', `export '${plan.exportName}': chunk checkpoint incomplete (${open.length} tasks not completed)`, {
    hint: `fix the cause, then continue with \`rivet run ${configHint(plan)} --export ${plan.exportName} --resume\``,
    ...(isRivetError(cause) ? { retry: cause.retry } : {}),
    cause,
  })
}

/**
 * H10: `--resume` into a prefix that already holds `_SUCCESS` is refused unless
 * `--force`; a plain run there only warns (H09).
 */
export async function prefixGate(destination: Destination, plan: ResolvedRunPlan, log: Logger): Promise<void> {
  if (destination.getBytes === undefined) return
  if ((await destination.getBytes(SUCCESS_FILENAME)) === undefined) return
  if (!plan.flags.resume) {
    log.warn(`destination prefix '${destination.baseUri}' already has a prior completed run (_SUCCESS present); writing new chunk files and replacing manifest.json/_SUCCESS`)
    return
  }
  if (plan.flags.force) {
    log.warn(`export '${plan.exportName}': --force: resuming into a prefix that already has _SUCCESS`)
    return
  }
  throw new RivetError('RIVET_CHECKPOINT_RESUME_REFUSED', `export '${plan.exportName}': --resume refused — destination prefix already has _SUCCESS from a prior completed run. Re-running would overwrite a verified dataset. Pass --force to override, or use a different destination prefix.`, {
    hint: 'add `--force` to resume anyway, or point `destination:` at a different prefix',
  })
}
