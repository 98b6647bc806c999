import type { RecordBatch, Schema } from 'apache-arrow'
import type { Destination } from '../destination/destination.js'
import { RivetError } from '../errors/index.js'
import type { Format } from '../format/format.js'
import type { ResolvedRunPlan } from '../plan/run-plan.js'
import { createSource } from '../source/registry.js'
import type { Source } from '../source/source.js'
import { logger } from '../log/index.js'
import { crashPoint } from './fault-injection.js'
import { openExportStream } from './paged-snapshot.js'
import { CursorTracker, withoutColumn } from './sink/cursor-tracker.js'
import { ExportSink } from './sink/export-sink.js'
import type { SingleExportQuery } from './strategy-query.js'

/** Something that watches every output batch (quality, shape, …). */
export interface BatchObserver {
  observe(batch: RecordBatch): void
}

/** Hooks the runner attaches once the output schema is known, before any byte is written. */
export interface AttemptHooks {
  /** May throw (schema drift `fail`, AA.2) to stop before writing; returns observers and an optional transform. */
  onSchema(schema: Schema): Promise<{ observers: readonly BatchObserver[]; transform?: { schema: Schema; apply(b: RecordBatch): RecordBatch } }>
  progress(rows: number, bytes: number): void
}

export interface AttemptResult {
  /** Finished temp parts, not yet visible (file destinations). */
  readonly sink: ExportSink | undefined
  readonly rows: number
  /** Bytes already streamed (stdout). */
  readonly streamedBytes: number
  readonly outputSchema: Schema
  readonly cursor: string | undefined
}

/**
 * One attempt of a non-chunked export: connect, open the cursor, stream every batch into
 * temp parts (or stdout). Nothing becomes visible at the destination here.
 */
export async function runAttempt(
  plan: ResolvedRunPlan,
  ctx: { destination: Destination; format: Format; fileTs: string; query: SingleExportQuery; signal: AbortSignal | undefined; hooks: AttemptHooks; fileName: string; tempHint?: string; source?: Source },
): Promise<AttemptResult> {
  // A caller-provided source (keyset pages) stays open; otherwise this attempt owns one.
  let owned: Source | undefined
  let sink: ExportSink | undefined
  try {
    const source = ctx.source ?? (owned = await createSource(plan.source))
    const shaped = ctx.query
    const stream = await openExportStream(source, plan, {
      sql: shaped.query.sql,
      params: shaped.query.params,
      catalogTable: plan.table,
      tuning: plan.tuning,
      columnOverrides: plan.columnOverrides,
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
    }, logger('rivet::pipeline', { export: plan.exportName }))
    const tracker = shaped.cursorColumn === undefined ? undefined : new CursorTracker(stream.schema, shaped.cursorColumn)
    const stripped = shaped.stripColumn === undefined ? { schema: stream.schema, strip: (b: RecordBatch) => b } : withoutColumn(stream.schema, shaped.stripColumn)
    const attached = await ctx.hooks.onSchema(stripped.schema)
    const outputSchema = attached.transform?.schema ?? stripped.schema
    ctx.format.assertWritable(outputSchema)
    const write = async (consume: (b: RecordBatch) => Promise<void>): Promise<void> => {
      for await (const raw of stream) {
        if (ctx.signal?.aborted === true) throw interrupted(ctx.signal)
        tracker?.observe(raw)
        const batch = stripped.strip(raw)
        for (const o of attached.observers) o.observe(batch)
        await consume(attached.transform === undefined ? batch : attached.transform.apply(batch))
      }
      if (ctx.signal?.aborted === true) throw interrupted(ctx.signal)
    }
    if (ctx.destination.openStream !== undefined) {
      const target = await ctx.destination.openStream(ctx.fileName)
      const writer = ctx.format.createWriter(outputSchema, target.stream)
      let rows = 0
      try {
        await write(async (b) => {
          await writer.write(b)
          rows += b.numRows
          ctx.hooks.progress(rows, writer.bytesWritten)
        })
        await writer.finish()
      } catch (err) {
        await writer.abort?.() // free the encoder; the streamed output stays incomplete, as reported
        throw err
      }
      const outcome = await target.close()
      return { sink: undefined, rows, streamedBytes: outcome.sizeBytes, outputSchema, cursor: tracker?.value }
    }
    sink = new ExportSink({ destination: ctx.destination, format: ctx.format, schema: outputSchema, tempHint: ctx.tempHint ?? `${plan.exportName}_${ctx.fileTs}`, maxFileSizeBytes: plan.output.maxFileSizeBytes })
    const s = sink
    await write(async (b) => {
      await s.write(b)
      ctx.hooks.progress(s.rows, s.bytes)
    })
    crashPoint('after_source_read')
    await sink.finish()
    return { sink, rows: sink.rows, streamedBytes: 0, outputSchema, cursor: tracker?.value }
  } catch (err) {
    if (sink !== undefined) await sink.abort()
    throw err
  } finally {
    if (owned !== undefined) await owned.close()
  }
}

function interrupted(signal: AbortSignal): RivetError {
  const name = typeof signal.reason === 'string' ? signal.reason : 'SIGINT'
  return new RivetError('RIVET_INTERRUPTED', `interrupted by ${name}: the export was stopped, temp files removed and state left unchanged`, {
    details: { signal: name },
    hint: 'rerun the same command; nothing was committed by the interrupted run',
  })
}
