import { setTimeout as sleep } from 'node:timers/promises'
import type { Destination } from '../../destination/destination.js'
import { RivetError, isRivetError } from '../../errors/index.js'
import type { Format } from '../../format/format.js'
import type { RunJournal } from '../../journal/run-journal.js'
import type { Logger } from '../../log/index.js'
import type { ResolvedRunPlan } from '../../plan/run-plan.js'
import { redactSecrets } from '../../redact/index.js'
import { dialectFor } from '../../source/dialect.js'
import { runAttempt, type AttemptHooks, type AttemptResult } from '../export-attempt.js'
import { crashPoint } from '../fault-injection.js'
import { backoffMs } from '../retry.js'
import type { ExportDeps } from '../single-export.js'
import type { CommittedPart } from '../sink/export-sink.js'
import { chunkFileName, chunkNonce } from './chunk-naming.js'
import { CHUNK_RN_COLUMN, chunkQuery } from './chunk-query.js'
import type { ChunkLayout } from './detect.js'
import type { ChunkWindow } from './math.js'
import type { SourceSlot } from './source-slot.js'

/** Everything the chunks of one run share. Counters are mutated as chunks commit. */
export interface ChunkRunContext {
  readonly plan: ResolvedRunPlan
  readonly deps: ExportDeps
  readonly destination: Destination
  readonly format: Format
  readonly journal: RunJournal
  readonly log: Logger
  readonly runId: string
  readonly fileTs: string
  readonly layout: ChunkLayout
  readonly onSchema: AttemptHooks['onSchema']
  /** Parts in commit order, for the manifest. */
  readonly committed: CommittedPart[]
  readonly totals: { rows: number; bytes: number; retries: number; validated: boolean | undefined }
}

export interface ChunkOutcome {
  readonly rows: number
  /** Committed file names, in part order; empty for a chunk with 0 rows. */
  readonly fileNames: readonly string[]
}

/**
 * Exports one window: stream it into temp parts (retrying transient failures with
 * backoff, F09), then commit its parts and their file_log rows. A chunk with 0 rows
 * writes no file. Resolves once every part of the chunk is at the destination.
 */
export async function exportChunk(ctx: ChunkRunContext, slot: SourceSlot, index: number, window: ChunkWindow): Promise<ChunkOutcome> {
  const { plan, journal, format } = ctx
  journal.record({ ChunkStarted: { chunk_index: index, start_key: String(window.lo), end_key: String(window.hi) } })
  const attempt = await attemptWithRetries(ctx, slot, index, window)
  const sink = attempt.sink
  if (sink === undefined) throw new RivetError('RIVET_INTERNAL', `export '${plan.exportName}': chunk ${index} produced no temp parts`)
  try {
    if (attempt.rows === 0) {
      journal.record({ ChunkCompleted: { chunk_index: index, rows: 0, file_name: null } })
      return { rows: 0, fileNames: [] }
    }
    if (plan.flags.validate) {
      for (const part of sink.parts) {
        const got = await format.countRows(part.staged.path)
        if (got !== part.rows) throw new RivetError('RIVET_VERIFY_ROW_COUNT', `validation failed: chunk ${index}: expected ${part.rows} rows, got ${got}`, { hint: 'the written file does not hold what was read; this chunk was not uploaded — rerun, and report it if it repeats' })
      }
      ctx.totals.validated = true
    }
    const nonce = chunkNonce()
    const parts = await sink.commit(
      (k, n) => chunkFileName(plan.exportName, ctx.fileTs, index, nonce, format.extension, k, n),
      async (part) => {
        ctx.committed.push(part)
        journal.record({ FileWritten: { file_name: part.fileName, rows: part.rows, bytes: part.bytes, part_index: ctx.committed.length - 1 } })
        await ctx.deps.state.files.insert({ runId: ctx.runId, exportName: plan.exportName, fileName: part.fileName, rowCount: part.rows, bytes: part.bytes, format: plan.output.format, compression: plan.output.format === 'csv' ? null : plan.output.compression, createdAt: ctx.deps.now().toISOString() })
      },
    )
    ctx.totals.rows += attempt.rows
    ctx.totals.bytes += parts.reduce((n, p) => n + p.bytes, 0)
    const fileNames = parts.map((p) => p.fileName)
    journal.record({ ChunkCompleted: { chunk_index: index, rows: attempt.rows, file_name: fileNames.join(',') } })
    crashPoint('after_chunk_file', index)
    return { rows: attempt.rows, fileNames }
  } finally {
    await sink.abort()
  }
}

async function attemptWithRetries(ctx: ChunkRunContext, slot: SourceSlot, index: number, window: ChunkWindow): Promise<AttemptResult> {
  const { plan, layout, log } = ctx
  const query = chunkQuery(dialectFor(plan.source.engine), plan.baseQuery, layout.column, window, layout.mode)
  const hint = `${plan.exportName}_${ctx.fileTs}_chunk${index}`
  for (let k = 1; ; k++) {
    try {
      return await runAttempt(plan, {
        destination: ctx.destination,
        format: ctx.format,
        fileTs: ctx.fileTs,
        query: { query, cursorColumn: undefined, stripColumn: layout.mode === 'dense' ? CHUNK_RN_COLUMN : undefined },
        signal: ctx.deps.signal,
        hooks: { onSchema: ctx.onSchema, progress: (rows, bytes) => { ctx.deps.reporter.progress(plan.exportName, ctx.totals.rows + rows, ctx.totals.bytes + bytes) } },
        fileName: hint,
        tempHint: hint,
        source: await slot.get(),
      })
    } catch (err) {
      // The connection may be broken or mid-transaction: the next attempt gets a fresh one.
      await slot.reset().catch((closeErr: unknown) => { log.debug({ err: String(closeErr) }, 'closing a failed chunk connection') })
      const message = redactSecrets(err instanceof Error ? err.message : String(err))
      const retryable = isRivetError(err) && err.retry.kind === 'transient' && err.code !== 'RIVET_INTERRUPTED' && k <= plan.tuning.maxRetries
      if (!retryable) {
        ctx.journal.record({ ChunkFailed: { chunk_index: index, error: message, attempt: k } })
        throw err
      }
      const wait = backoffMs(k, plan.tuning.retryBackoffMs, err.retry)
      ctx.totals.retries++
      ctx.journal.record({ RetryAttempted: { attempt: k, reason: message, backoff_ms: wait } })
      log.warn(`chunk ${index}: transient failure (attempt ${k} of ${plan.tuning.maxRetries + 1}), retrying in ${wait} ms: ${message}`)
      await sleep(wait)
    }
  }
}
