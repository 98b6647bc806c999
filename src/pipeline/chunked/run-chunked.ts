import type { Schema } from 'apache-arrow'
import { createDestination } from '../../destination/registry.js'
import { ExitClass, RivetError, isRivetError, mostSevere } from '../../errors/index.js'
import { createFormat } from '../../format/registry.js'
import { RunJournal } from '../../journal/run-journal.js'
import { logger, type Logger } from '../../log/index.js'
import { schemaFingerprint } from '../../manifest/manifest.js'
import { strategyLabel, type ChunkedPlan, type ResolvedRunPlan } from '../../plan/run-plan.js'
import { chunkedQualityVerdict, qualityGateError } from '../../quality/index.js'
import { schemaColumns } from '../../schema/schema-columns.js'
import { createSource } from '../../source/registry.js'
import type { Source } from '../../source/source.js'
import type { AttemptHooks } from '../export-attempt.js'
import { exportChecks } from '../export-checks.js'
import type { ExportResult } from '../export-result.js'
import { finishExport } from '../finish-export.js'
import { fileTimestamp, runIdFor } from '../naming.js'
import { runSingleExport, type ExportDeps } from '../single-export.js'
import type { CommittedPart } from '../sink/export-sink.js'
import { assertCheckpointComplete, prefixGate } from './checkpoint.js'
import { exportChunk, type ChunkRunContext } from './chunk-task.js'
import { smallTableEstimate } from './detect.js'
import { mysqlAutoKeysetKey } from './auto-keyset.js'
import { runKeysetExport } from '../keyset-export.js'
import { ConcurrencyLimit, runWorkers } from './dispatch.js'
import { armGovernor } from './governor.js'
import { prepareChunks } from './prepare-chunks.js'
import { priorChunkParts } from './resume-parts.js'
import { SourceSlot } from './source-slot.js'
import { waitForMemory } from './memory-gate.js'

/**
 * A chunked export (D10–D19): probe the key range, split it into windows, and export
 * each window on `parallel` workers. Every chunk commits its own files (temp parts →
 * destination → file_log) as it completes; with `chunk_checkpoint` each window is a
 * task in the state store, so `--resume` re-runs only the unfinished ones. One manifest
 * covers the run. A small `table:` export runs as one snapshot file instead (D17).
 */
export async function runChunkedExport(plan: ResolvedRunPlan, deps: ExportDeps): Promise<ExportResult> {
  if (plan.strategy.kind !== 'chunked') return runSingleExport(plan, deps)
  const chunked = plan.strategy.chunked
  const log = logger('rivet::pipeline', { export: plan.exportName })
  let probe: Source | undefined
  let probeError: unknown
  try {
    probe = await createSource(plan.source)
    const keysetKey = await mysqlAutoKeysetKey(probe, plan, chunked, log)
    if (keysetKey !== undefined) {
      const p = probe
      probe = undefined
      await p.close()
      return await runKeysetExport({ ...plan, strategy: { kind: 'keyset', keyColumn: keysetKey, chunkSize: chunked.chunkSize } }, deps)
    }
    const estimate = await smallTableEstimate(probe, plan, chunked)
    if (estimate !== undefined) {
      log.info(`export '${plan.exportName}': ${tableName(plan)} has ~${estimate} rows ≤ chunk_size ${chunked.chunkSize}; downgrading chunked → snapshot`)
      const p = probe
      probe = undefined
      await p.close()
      return await runSingleExport({ ...plan, strategy: { kind: 'snapshot' } }, deps)
    }
  } catch (err) {
    probeError = err
  }
  return runChunked(plan, chunked, deps, log, probe, probeError)
}

async function runChunked(plan: ResolvedRunPlan, chunked: ChunkedPlan, deps: ExportDeps, log: Logger, probeIn: Source | undefined, probeError: unknown): Promise<ExportResult> {
  let probe = probeIn
  const startedAt = deps.now()
  const runId = runIdFor(plan.exportName, startedAt)
  const journal = new RunJournal(runId, plan.exportName, deps.now)
  deps.reporter.exportStarted(plan.exportName, runId)
  journal.record({ PlanResolved: { export_name: plan.exportName, base_query: plan.baseQuery, strategy: strategyLabel(plan.strategy), format: plan.output.format, compression: plan.output.compression, destination_type: plan.destination.type, tuning_profile: plan.tuning.profile, batch_size: plan.tuning.batchSize, validate: plan.flags.validate, reconcile: plan.flags.reconcile, resume: plan.flags.resume } })
  const format = createFormat(plan.output)
  const destination = await createDestination(plan.destination, { date: startedAt, exportName: plan.exportName, tableName: plan.table?.name, cwd: deps.cwd }).catch(async (err: unknown) => {
    await probe?.close()
    throw err
  })
  // N02: in chunked mode only row_count is checked, after all chunks; the trackers stay off.
  const checks = exportChecks({ ...plan, quality: undefined }, journal, log, deps.state, startedAt)
  let outputSchema: Schema | undefined
  let attached: ReturnType<AttemptHooks['onSchema']> | undefined
  const onSchema: AttemptHooks['onSchema'] = (schema) => {
    attached ??= checks.onSchema(schema).then((a) => {
      outputSchema = a.transform?.schema ?? schema
      return a
    })
    return attached
  }
  const committed: CommittedPart[] = []
  const totals = { rows: 0, bytes: 0, retries: 0, validated: undefined as boolean | undefined }
  const finish = async (status: ExportResult['status'], skipReason: string | undefined, error: unknown): Promise<ExportResult> => {
    const fingerprint = outputSchema === undefined ? 'xxh3:0000000000000000' : await schemaFingerprint(schemaColumns(outputSchema))
    const run = { rows: totals.rows, retries: totals.retries, fingerprint, validated: totals.validated, streamedBytes: 0 }
    return finishExport({ plan, deps, destination, journal, log, runId, startedAt, committed, run, status, skipReason, error, schemaChanged: checks.schemaChanged?.() })
  }
  const probeSlot = probe === undefined ? undefined : new SourceSlot(plan.source, probe)
  probe = undefined // the slot owns it from here
  try {
    if (probeSlot === undefined) throw asError(probeError)
    await prefixGate(destination, plan, log)
    const { layout, queue, chunkRunId } = await prepareChunks({ slot: probeSlot, plan, chunked, state: deps.state, runId, startedAt, now: deps.now, journal, log, retries: totals })
    if (chunkRunId !== undefined && plan.flags.resume) committed.push(...(await priorChunkParts({ state: deps.state, destination, exportName: plan.exportName, tasks: await deps.state.checkpoints.tasks(chunkRunId), log })))
    const ctx: ChunkRunContext = { plan, deps, destination, format, journal, log, runId, fileTs: fileTimestamp(startedAt), layout, onSchema, committed, totals }
    const completed: number[] = []
    const first = await probeSlot.get()
    probeSlot.release() // worker 0 owns and closes it from here
    const limit = new ConcurrencyLimit(chunked.parallel)
    // E08: stopped (monitoring connection closed) however the workers end.
    const governor = await armGovernor({ plan, chunked, limit, journal, log, env: deps.env ?? process.env })
    const errors = await runWorkers({
      workers: chunked.parallel,
      sourceConfig: plan.source,
      first,
      queue: { ...queue, completed: async (t, o) => { await queue.completed(t, o); completed.push(t.index) } },
      gate: () => waitForMemory(plan.tuning.memoryThresholdMb, { log, pollMs: chunked.parallel > 1 ? 2000 : 5000, ...(deps.signal === undefined ? {} : { signal: deps.signal }) }),
      signal: deps.signal,
      run: (slot, task) => exportChunk(ctx, slot, task.index, task.window),
      limit,
    }).finally(() => governor?.stop())
    const cause = worstError(errors) ?? (deps.signal?.aborted === true ? interrupted(deps.signal) : undefined)
    let highest = completed.length === 0 ? null : Math.max(...completed)
    if (chunkRunId !== undefined) {
      await assertCheckpointComplete(deps.state, plan, chunkRunId, cause)
      const tasks = await deps.state.checkpoints.tasks(chunkRunId)
      totals.rows = tasks.reduce((n, t) => n + (t.rowsWritten ?? 0), 0)
      highest = tasks.length === 0 ? null : Math.max(...tasks.map((t) => t.chunkIndex))
      await deps.state.checkpoints.finishRun(chunkRunId, deps.now().toISOString())
    } else if (cause !== undefined) {
      throw asError(cause)
    }
    if (plan.quality !== undefined) {
      const verdict = chunkedQualityVerdict(plan.exportName, plan.quality, totals.rows)
      for (const w of verdict.warnings) {
        log.warn(w)
        journal.record({ QualityIssue: { severity: 'warning', message: w } })
      }
      for (const f of verdict.failures) journal.record({ QualityIssue: { severity: 'error', message: f } })
      if (verdict.failures.length > 0) throw qualityGateError(plan.exportName, verdict.failures)
    }
    if (totals.rows === 0 && plan.output.skipEmpty) return await finish('skipped', 'source returned 0 rows', undefined)
    const at = deps.now().toISOString()
    await deps.state.transaction(async (tx) => {
      await tx.progression.commit(plan.exportName, { strategy: strategyLabel(plan.strategy), cursor: null, chunkIndex: highest, runId, at })
      await checks.afterCommit?.(tx, at)
    })
    return await finish('success', undefined, undefined)
  } catch (err) {
    return await finish('failed', undefined, err)
  } finally {
    await probeSlot?.close()
  }
}

/** The failure that decides the exit: an interruption first, then the most severe class (A05). */
function worstError(errors: readonly unknown[]): unknown {
  if (errors.length === 0) return undefined
  const stop = errors.find((e) => isRivetError(e) && e.code === 'RIVET_INTERRUPTED')
  if (stop !== undefined) return stop
  const cls = (e: unknown): ExitClass => (isRivetError(e) ? e.exitClass : ExitClass.Generic)
  const worst = mostSevere(errors.map(cls))
  return errors.find((e) => cls(e) === worst) ?? errors[0]
}

function tableName(plan: ResolvedRunPlan): string {
  const t = plan.table
  return t === undefined ? 'the table' : t.schema === undefined ? t.name : `${t.schema}.${t.name}`
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new RivetError('RIVET_UNCLASSIFIED', String(e))
}

function interrupted(signal: AbortSignal): RivetError {
  const name = typeof signal.reason === 'string' ? signal.reason : 'SIGINT'
  return new RivetError('RIVET_INTERRUPTED', `interrupted by ${name}: the chunked export stopped between chunks; committed chunks stay, state was not advanced`, {
    details: { signal: name },
    hint: 'rerun the same command (with `--resume` when `chunk_checkpoint: true`)',
  })
}
