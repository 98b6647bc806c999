import type { RecordBatch } from 'apache-arrow'
import { createDestination } from '../destination/registry.js'
import type { Destination } from '../destination/destination.js'
import { RivetError } from '../errors/index.js'
import { createFormat } from '../format/registry.js'
import type { Format } from '../format/format.js'
import { logger } from '../log/index.js'
import { schemaFingerprint, SUCCESS_FILENAME } from '../manifest/manifest.js'
import { strategyLabel, type ResolvedRunPlan } from '../plan/run-plan.js'
import { redactSecrets } from '../redact/index.js'
import { schemaColumns } from '../schema/arrow-type-label.js'
import { dialectFor } from '../source/dialect.js'
import { snapshotQuery, timeWindowQuery, type BuiltQuery } from '../source/query.js'
import { createSource } from '../source/registry.js'
import type { BatchStream, Source } from '../source/source.js'
import type { StateStore } from '../state/state-store.js'
import { peakRssMb, type ExportResult, type RunReporter } from './export-result.js'
import { writeManifest } from './finalize.js'
import { fileTimestamp, runIdFor, singleFileName } from './naming.js'
import { ExportSink, type CommittedPart } from './sink/export-sink.js'
import { writeRunReport } from './run-report.js'

export interface ExportDeps {
  readonly state: StateStore
  readonly reporter: RunReporter
  readonly cwd: string
  readonly now: () => Date
}

/** The statement for a non-chunked strategy. */
function queryFor(plan: ResolvedRunPlan, now: Date): BuiltQuery {
  const s = plan.strategy
  switch (s.kind) {
    case 'snapshot':
      return snapshotQuery(plan.baseQuery)
    case 'timeWindow':
      return timeWindowQuery(dialectFor(plan.source.engine), plan.baseQuery, s.column, s.columnType, s.daysWindow, now)
    default:
      throw new RivetError('RIVET_PLAN_REJECTED', `export '${plan.exportName}': strategy '${strategyLabel(s)}' is not available in this build yet`, {
        hint: 'use `mode: full` or `mode: time_window` for now',
      })
  }
}

/**
 * One non-chunked export, in the commit order of H01: temp parts complete → rename/upload
 * → checksums → file_log → progression/schema state → metrics → manifest → `_SUCCESS`.
 * On failure every uncommitted temp part is removed and a failed manifest and metrics row
 * are written; state never moves.
 */
export async function runSingleExport(plan: ResolvedRunPlan, deps: ExportDeps): Promise<ExportResult> {
  const log = logger('rivet::pipeline', { export: plan.exportName })
  const startedAt = deps.now()
  const runId = runIdFor(plan.exportName, startedAt)
  deps.reporter.exportStarted(plan.exportName, runId)
  const format = createFormat(plan.output)
  const destination = await createDestination(plan.destination, {
    date: startedAt,
    exportName: plan.exportName,
    tableName: plan.table?.name,
    cwd: deps.cwd,
  })
  const committed: CommittedPart[] = []
  let source: Source | undefined
  let sink: ExportSink | undefined
  let fingerprint = 'xxh3:0000000000000000'
  let rows = 0
  try {
    await warnOnRerun(destination, plan, log)
    source = await createSource(plan.source)
    const query = queryFor(plan, startedAt)
    const stream = await source.export({ sql: query.sql, params: query.params, catalogTable: plan.table, tuning: plan.tuning, columnOverrides: plan.columnOverrides })
    format.assertWritable(stream.schema)
    for (const note of format.notes) log.warn(note)
    const columns = schemaColumns(stream.schema)
    fingerprint = await schemaFingerprint(columns)
    const ts = fileTimestamp(startedAt)
    if (destination.openStream !== undefined) {
      rows = await streamToDestination(stream, destination, format, singleFileName(plan.exportName, ts, format.extension, undefined), (n, b) => {
        deps.reporter.progress(plan.exportName, n, b)
      })
    } else {
      sink = new ExportSink({ destination, format, schema: stream.schema, tempHint: `${plan.exportName}_${ts}`, maxFileSizeBytes: plan.output.maxFileSizeBytes })
      for await (const batch of stream) {
        await sink.write(batch)
        deps.reporter.progress(plan.exportName, sink.rows, sink.bytes)
      }
      await sink.finish()
      rows = sink.rows
      if (rows === 0 && plan.output.skipEmpty) {
        await sink.abort()
        return await finish('skipped', 'source returned 0 rows', undefined)
      }
      const total = sink.parts.length
      await sink.commit(
        (i, n) => singleFileName(plan.exportName, ts, format.extension, n > 1 ? i : undefined),
        async (part) => {
          committed.push(part)
          await deps.state.files.insert({
            runId,
            exportName: plan.exportName,
            fileName: part.fileName,
            rowCount: part.rows,
            bytes: part.bytes,
            format: plan.output.format,
            compression: plan.output.format === 'csv' ? null : plan.output.compression,
            createdAt: deps.now().toISOString(),
          })
          log.debug({ file: part.fileName, rows: part.rows, parts: total }, 'file committed')
        },
      )
    }
    const at = deps.now().toISOString()
    await deps.state.progression.commit(plan.exportName, { strategy: strategyLabel(plan.strategy), cursor: null, chunkIndex: null, runId, at })
    await deps.state.schemas.put(plan.exportName, columns, at)
    return await finish('success', undefined, undefined)
  } catch (err) {
    if (sink !== undefined) await sink.abort()
    return await finish('failed', undefined, err)
  } finally {
    if (source !== undefined) await source.close()
  }

  async function finish(status: ExportResult['status'], skipReason: string | undefined, error: unknown): Promise<ExportResult> {
    const finishedAt = deps.now()
    const result: ExportResult = {
      exportName: plan.exportName,
      runId,
      status,
      skipReason,
      mode: strategyLabel(plan.strategy),
      startedAt,
      finishedAt,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      rows: status === 'success' ? rows : committed.reduce((n, p) => n + p.rows, 0),
      files: committed,
      bytes: committed.reduce((n, p) => n + p.bytes, 0),
      peakRssMb: peakRssMb(),
      retries: 0,
      tuningProfile: plan.tuning.profile,
      batchSize: plan.tuning.batchSize,
      format: plan.output.format,
      compression: plan.output.format === 'csv' ? 'none' : plan.output.compression,
      outputUri: destination.baseUri,
      schemaChanged: undefined,
      validated: undefined,
      error,
      reportPath: undefined,
    }
    // On the failure path a broken finalisation step must not hide the original error.
    const step = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
      if (error === undefined) {
        await fn()
        return
      }
      try {
        await fn()
      } catch (stepErr) {
        log.error({ err: redactSecrets(String(stepErr)) }, `could not write the ${what} of the failed run`)
      }
    }
    await step('metrics row', () =>
      deps.state.metrics.insert({
        exportName: plan.exportName,
        runId,
        runAt: startedAt.toISOString(),
        durationMs: result.durationMs,
        totalRows: result.rows,
        peakRssMb: result.peakRssMb,
        status,
        errorMessage: error === undefined ? null : redactSecrets(error instanceof Error ? error.message : String(error)),
        tuningProfile: plan.tuning.profile,
        format: plan.output.format,
        mode: result.mode,
        filesProduced: committed.length,
        bytesWritten: result.bytes,
        retries: 0,
        validated: null,
        schemaChanged: null,
      }),
    )
    await step('manifest', () =>
      writeManifest({
        destination,
        plan,
        runId,
        startedAt,
        finishedAt,
        status: status === 'success' ? 'success' : status === 'failed' ? 'failed' : 'interrupted',
        schemaFingerprint: fingerprint,
        parts: committed,
      }),
    )
    let reportPath: string | undefined
    try {
      reportPath = await writeRunReport(plan, result)
    } catch (reportErr) {
      // The report is evidence, not data: losing it never fails the run.
      log.warn({ err: redactSecrets(String(reportErr)) }, 'could not write the run report')
    }
    const final = { ...result, reportPath }
    deps.reporter.exportFinished(final)
    return final
  }
}

async function streamToDestination(stream: BatchStream, destination: Destination, format: Format, fileName: string, progress: (rows: number, bytes: number) => void): Promise<number> {
  if (destination.openStream === undefined) throw new RivetError('RIVET_DEST_UNSUPPORTED', `destination '${destination.kind}' cannot stream`)
  const target = await destination.openStream(fileName)
  const writer = format.createWriter(stream.schema, target.stream)
  let rows = 0
  for await (const batch of stream as AsyncIterable<RecordBatch>) {
    await writer.write(batch)
    rows += batch.numRows
    progress(rows, writer.bytesWritten)
  }
  await writer.finish()
  await target.close()
  return rows
}

/** H09: a plain run into a prefix that already holds `_SUCCESS` proceeds with a WARN. */
async function warnOnRerun(destination: Destination, plan: ResolvedRunPlan, log: ReturnType<typeof logger>): Promise<void> {
  if (plan.flags.resume || destination.getBytes === undefined) return
  if ((await destination.getBytes(SUCCESS_FILENAME)) !== undefined) {
    log.warn(`destination prefix '${destination.baseUri}' already has a prior completed run (_SUCCESS present); writing new timestamped files and replacing manifest.json/_SUCCESS`)
  }
}
