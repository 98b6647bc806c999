import type { Writable } from 'node:stream'
import type { RecordBatch, Schema } from 'apache-arrow'
import type { FormatName } from '../plan/run-plan.js'

/**
 * An output format (G-section). A writer streams batches into `out` (a temp file or stdout)
 * with memory bounded by one batch plus one row group; it never buffers the whole file.
 */
export interface FormatWriter {
  /** Resolves once `out` accepted the bytes (backpressure honoured). */
  write(batch: RecordBatch): Promise<void>
  /** Writes the footer and ends `out`; idempotent. Resolves once `out` has finished. */
  finish(): Promise<void>
  /**
   * Gives up after a failure elsewhere: releases what the writer holds (e.g. an encoder
   * thread) without completing the file or ending `out`. Never rejects. Optional: writers
   * holding nothing beyond `out` need none.
   */
  abort?(): Promise<void>
  /** Bytes handed to `out` so far; equals the final file size after `finish()` (G06). */
  readonly bytesWritten: number
  readonly rowsWritten: number
}

export interface Format {
  readonly name: FormatName
  readonly extension: 'parquet' | 'csv'
  /**
   * Throws `RIVET_FORMAT_UNSUPPORTED_TYPE` naming every column this format cannot write,
   * before any byte is written.
   */
  assertWritable(schema: Schema): void
  createWriter(schema: Schema, out: Writable): FormatWriter
  /** Counts data rows in a finished file (G07 `--validate` readback). */
  countRows(path: string): Promise<number>
  /** Options the writer cannot honour, each a one-line WARN text (AA.7). */
  readonly notes: readonly string[]
}
