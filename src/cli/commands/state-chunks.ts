import type { Command } from 'commander'
import { RivetError } from '../../errors/index.js'
import type { ChunkTaskRow } from '../../state/state-store.js'
import type { CliContext } from '../context.js'

interface ChunksOpts {
  readonly config: string
  readonly export: string
  readonly json?: boolean
}

interface ResetChunksOpts {
  readonly config: string
  readonly export?: string
  readonly stuckCheckpoints?: boolean
  readonly failed?: boolean
}

/** `rivet state chunks` (B08) and `rivet state reset-chunks` (B09). */
export function registerStateChunks(state: Command, ctx: CliContext): void {
  state
    .command('chunks')
    .description('latest chunk checkpoint run of an export and its tasks')
    .requiredOption('-c, --config <path>', 'path to rivet.yaml')
    .requiredOption('-e, --export <name>', 'export to inspect')
    .option('--json', 'print JSON on stdout')
    .action(async (o: ChunksOpts) => {
      await showChunks(ctx, o)
    })
  state
    .command('reset-chunks')
    .description('delete chunk checkpoints: of one export (-e) or of every export with an in-progress run (--stuck-checkpoints)')
    .requiredOption('-c, --config <path>', 'path to rivet.yaml')
    .option('-e, --export <name>', 'export whose chunk runs and tasks are deleted')
    .option('--stuck-checkpoints', 'reset every export of this config whose chunk run is still in_progress')
    .option('--failed', 'same as --stuck-checkpoints')
    .action(async (o: ResetChunksOpts) => {
      await resetChunks(ctx, o)
    })
}

function pad(s: string, w: number, right = false): string {
  return right ? s.padStart(w) : s.padEnd(w)
}

function taskLine(t: ChunkTaskRow): string {
  const rows = t.rowsWritten === null ? '-' : String(t.rowsWritten)
  return `${pad(String(t.chunkIndex), 6)} ${pad(t.status, 12)} ${pad(t.startKey, 18)} ${pad(t.endKey, 18)} ${pad(String(t.attempts), 4, true)} ${pad(rows, 8, true)} ${t.fileName ?? '-'}\n`
}

async function showChunks(ctx: CliContext, o: ChunksOpts): Promise<void> {
  const { openConfigState } = await import('../actions/config-context.js')
  const { state } = await openConfigState(ctx, o.config)
  try {
    const run = await state.checkpoints.latestRun(o.export)
    const tasks = run === undefined ? [] : await state.checkpoints.tasks(run.runId)
    if (o.json === true) {
      const body = {
        export_name: o.export,
        run: run === undefined ? null : { run_id: run.runId, plan_hash: run.planHash, status: run.status, max_chunk_attempts: run.maxChunkAttempts, created_at: run.createdAt, updated_at: run.updatedAt },
        tasks: tasks.map((t) => ({ chunk_index: t.chunkIndex, start_key: t.startKey, end_key: t.endKey, status: t.status, attempts: t.attempts, rows_written: t.rowsWritten, file_name: t.fileName, last_error: t.lastError, updated_at: t.updatedAt })),
      }
      ctx.io.out(JSON.stringify(body, null, 2) + '\n')
      return
    }
    if (run === undefined) {
      ctx.io.out(`No chunk checkpoint data for export '${o.export}'.\n`)
      return
    }
    let text = `export:     ${o.export}\nrun_id:     ${run.runId}\nplan_hash:  ${run.planHash}\nstatus:     ${run.status}\nupdated_at: ${run.updatedAt}\n\n`
    text += `${pad('IDX', 6)} ${pad('STATUS', 12)} ${pad('START', 18)} ${pad('END', 18)} ${pad('ATT', 4, true)} ${pad('ROWS', 8, true)} FILE\n${'-'.repeat(90)}\n`
    for (const t of tasks) {
      text += taskLine(t)
      if (t.lastError !== null) text += `       error: ${t.lastError}\n`
    }
    ctx.io.out(text)
  } finally {
    await state.close()
  }
}

async function resetChunks(ctx: CliContext, o: ResetChunksOpts): Promise<void> {
  const stuck = o.stuckCheckpoints === true || o.failed === true
  if (stuck === (o.export !== undefined)) {
    throw new RivetError('RIVET_USAGE', 'state reset-chunks: pass exactly one of `--export <name>` or `--stuck-checkpoints`', {
      hint: 'e.g. `rivet state reset-chunks -c rivet.yaml -e orders`',
    })
  }
  const { assertKnownExport, openConfigState } = await import('../actions/config-context.js')
  const { loaded, state } = await openConfigState(ctx, o.config)
  const clear = async (name: string): Promise<number> =>
    state.transaction(async (tx) => {
      const n = await tx.checkpoints.deleteForExport(name)
      await tx.progression.reset(name)
      return n
    })
  try {
    if (o.export !== undefined) {
      assertKnownExport(loaded, o.export)
      ctx.io.out(`Removed ${await clear(o.export)} chunk run record(s) for export '${o.export}'.\n`)
      return
    }
    const inProgress = await state.checkpoints.inProgressExports()
    if (inProgress.length === 0) {
      ctx.io.out('No exports have an in-progress chunk checkpoint run.\n')
      return
    }
    const known = new Set(loaded.config.exports.map((e) => e.name))
    const targets = inProgress.filter((n) => known.has(n))
    let text = ''
    for (const n of inProgress.filter((x) => !known.has(x))) text += `Skipping '${n}' — chunk checkpoint still in_progress but this export is not in the config.\n`
    if (targets.length === 0) {
      ctx.io.out(text + 'No matching exports to reset (none of the in-progress runs belong to exports in this config).\n')
      return
    }
    text += `Resetting chunk checkpoints for ${targets.length} export(s) with in_progress runs: ${targets.join(', ')}\n`
    for (const n of targets) text += `Removed ${await clear(n)} chunk run record(s) for export '${n}'.\n`
    ctx.io.out(text)
  } finally {
    await state.close()
  }
}
