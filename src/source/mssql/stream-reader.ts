import { setTimeout as sleep } from 'node:timers/promises'
import { type RecordBatch, Schema } from 'apache-arrow'
import { BatchBuilder, createColumnBuilder, type ColumnBuilder } from '../../batch/index.js'
import { RivetError } from '../../errors/index.js'
import { arrowField } from '../../types/index.js'
import { StreamingBatchCut } from '../batch-controller.js'
import type { BatchStream, ExportRequest, TypeMapping } from '../source.js'
import { statementTimeoutError, toMssqlQueryError } from './classify-error.js'
import { assertMssqlSupported, mssqlColumnMeta, mssqlMappings } from './columns.js'
import { mssqlDecoder, type MssqlValue, type ValueDecoder } from './decode.js'
import { passThrough, restoreNumericColumns, type ExactNumericPlan } from './exact-numeric.js'

/** A running statement (tedious `Request`), reduced to what the reader needs. */
export interface MssqlStatement {
  on(event: 'columnMetadata', listener: (columns: unknown) => void): unknown
  on(event: 'row', listener: (columns: readonly { readonly value: unknown }[]) => void): unknown
  pause(): void
  resume(): void
}

/** Starts statements on one connection; `done` fires once when the statement ends (error or not). */
export interface MssqlExecutor {
  start(sql: string, params: readonly string[], done: (err: unknown) => void): MssqlStatement
  /** Sends an attention: the running statement ends with a cancel error. */
  cancel(): void
  /** Called when a cancel was not acknowledged in time: drop the connection. */
  discard(): void
}

interface Shared {
  queue: RecordBatch[]
  done: boolean
  error: unknown
  wake: (() => void) | undefined
}

function notify(s: Shared): void {
  const w = s.wake
  s.wake = undefined
  w?.()
}

const CANCEL_WAIT_MS = 10_000

/** How the statement selects wide numerics, and who hears about columns left as doubles. */
export interface NumericDelivery {
  readonly plan: ExactNumericPlan
  /** Called once, before any row, with the columns still delivered as doubles and why. */
  readonly onLossy?: (columns: readonly string[], reason: string) => void
}

/**
 * Streams one query (D06): rows decoded into column builders as tedious emits them, the
 * request paused while a full batch waits for the consumer. The statement timeout is
 * enforced here on wall time: past it the statement is cancelled and the export fails with
 * a permanent RIVET_SOURCE_TIMEOUT. `break` cancels the statement on the server.
 */
export async function openMssqlStream(exec: MssqlExecutor, req: ExportRequest, numerics: NumericDelivery = { plan: passThrough(req.sql, undefined) }): Promise<BatchStream> {
  const s: Shared = { queue: [], done: false, error: undefined, wake: undefined }
  const sink: { onRow?: (cols: readonly { readonly value: unknown }[]) => void } = {}
  let timedOut = false
  let cancelled = false
  let settle: ((cols: unknown) => void) | undefined
  const metadata = new Promise<unknown>((resolve) => {
    settle = resolve
  })
  const seconds = req.tuning.statementTimeoutS
  let timer: NodeJS.Timeout | undefined
  const stmt = exec.start(numerics.plan.sql, req.params, (err) => {
    clearTimeout(timer)
    if (timedOut) s.error = statementTimeoutError(seconds, err)
    else if (err !== null && err !== undefined && !cancelled) s.error = err
    s.done = true
    settle?.(undefined)
    notify(s)
  })
  if (seconds > 0 && !s.done) {
    timer = setTimeout(() => {
      timedOut = true
      exec.cancel()
      stmt.resume()
    }, seconds * 1000)
  }
  let sawMetadata = false
  stmt.on('columnMetadata', (cols) => {
    if (sawMetadata) {
      s.error ??= new RivetError('RIVET_SOURCE_QUERY', 'source: the statement returned more than one result set', { hint: 'the export query must be a single SELECT' })
      return
    }
    sawMetadata = true
    // Hold rows until the builders exist.
    stmt.pause()
    settle?.(cols)
  })
  stmt.on('row', (cols) => {
    if (sink.onRow !== undefined && s.error === undefined && !cancelled) sink.onRow(cols)
  })

  const cols = await metadata
  if (cols === undefined) {
    if (s.error !== undefined) throw toMssqlQueryError(s.error)
    throw new RivetError('RIVET_SOURCE_QUERY', 'source: the statement returned no result set', { hint: 'the export query must be a SELECT' })
  }
  let mappings: TypeMapping[]
  let builders: ColumnBuilder[]
  let decoders: ValueDecoder[]
  try {
    const list = Array.isArray(cols) ? cols : Object.values(cols as Record<string, unknown>)
    mappings = mssqlMappings(restoreNumericColumns(list.map(mssqlColumnMeta), numerics.plan), req.columnOverrides)
    assertMssqlSupported(mappings)
    const lossy = mappings.filter((m) => m.fidelity === 'lossy').map((m) => m.name)
    if (lossy.length > 0) numerics.onLossy?.(lossy, numerics.plan.fallback ?? 'the statement could not be rewritten')
    builders = mappings.map((m) => createColumnBuilder(m.type))
    const maxValueBytes = req.tuning.maxValueMb === undefined || req.tuning.maxValueMb === 0 ? undefined : req.tuning.maxValueMb * 1024 * 1024
    decoders = builders.map((b, i) => mssqlDecoder(b, { column: mappings[i]?.name ?? `#${i}`, maxValueBytes }))
  } catch (err) {
    await stop()
    throw err
  }
  const schema = new Schema(mappings.map((m) => arrowField(m.name, m.type, { nativeType: m.nativeType, fidelity: m.fidelity })))
  const batch = new BatchBuilder(schema, builders)
  const stats = { fetches: 1, rows: 0 }
  const width = builders.length
  const cut = new StreamingBatchCut(req.tuning)
  let paused = false

  sink.onRow = (row) => {
    try {
      for (let c = 0; c < width; c++) {
        const v = row[c]?.value
        if (v === null || v === undefined) (builders[c] as ColumnBuilder).appendNull()
        else (decoders[c] as ValueDecoder)(v as MssqlValue)
      }
      batch.endRow()
      if (!cut.isFull(batch.rowCount, batch.byteSize)) return
      stats.rows += batch.rowCount
      s.queue.push(batch.finish())
    } catch (err) {
      s.error = err
    }
    paused = true
    stmt.pause()
    notify(s)
  }
  stmt.resume()
  const onAbort = (): void => {
    notify(s)
  }
  req.signal?.addEventListener('abort', onAbort, { once: true })

  /** Cancels a statement still running and waits (bounded) for the server's acknowledgement. */
  async function stop(): Promise<void> {
    if (s.done) return
    cancelled = true
    exec.cancel()
    stmt.resume()
    const acked = await Promise.race([
      new Promise<boolean>((resolve) => {
        const poll = (): void => {
          if (s.done) resolve(true)
          else s.wake = poll
        }
        poll()
      }),
      sleep(CANCEL_WAIT_MS, false, { ref: false }),
    ])
    if (!acked) exec.discard()
  }

  async function* iterate(): AsyncGenerator<RecordBatch> {
    try {
      for (;;) {
        if (req.signal?.aborted === true) throw new RivetError('RIVET_INTERRUPTED', 'export interrupted', { details: { signal: String(req.signal.reason) } })
        const next = s.queue.shift()
        if (next !== undefined) {
          if (paused && s.error === undefined && !s.done) {
            paused = false
            stmt.resume()
          }
          yield next
          if (req.tuning.throttleMs > 0) await sleep(req.tuning.throttleMs)
          continue
        }
        if (s.error !== undefined) throw toMssqlQueryError(s.error)
        if (s.done) {
          if (batch.rowCount > 0) {
            stats.rows += batch.rowCount
            yield batch.finish()
          }
          return
        }
        await new Promise<void>((resolve) => {
          s.wake = resolve
        })
      }
    } finally {
      req.signal?.removeEventListener('abort', onAbort)
      await stop()
    }
  }

  return { schema, mappings, stats, [Symbol.asyncIterator]: () => iterate() }
}
