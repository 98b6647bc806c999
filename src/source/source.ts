import type { RecordBatch, Schema } from 'apache-arrow'
import type { RetryClass } from '../errors/index.js'
import type { ColumnOverrides, SourceEngine, SourceTuning, TableRef } from '../plan/run-plan.js'
import type { Fidelity, RivetType } from '../types/index.js'

/** One output column as the source typed it (Q-section), before Arrow conversion. */
export interface TypeMapping {
  readonly name: string
  /** Native type as the engine names it (`numeric(12,2)`, `bigint unsigned`, …). */
  readonly nativeType: string
  readonly type: RivetType
  readonly fidelity: Fidelity
  readonly note: string | undefined
  /** True when a `columns:` override replaced the inferred type. */
  readonly overridden: boolean
}

export interface ExportRequest {
  /** The full statement to stream, already shaped by the strategy (source/query.ts). */
  readonly sql: string
  /** Bound parameters (MySQL `?`, MSSQL `@p0`); PostgreSQL embeds escaped literals instead. */
  readonly params: readonly string[]
  /** The table behind a `table:` or single-table query, for catalog typing (numeric p/s). */
  readonly catalogTable: TableRef | undefined
  readonly tuning: SourceTuning
  readonly columnOverrides: ColumnOverrides
  readonly signal?: AbortSignal
}

/** Batches in query order. Finishing, `break`, or a throw closes the cursor and ends the transaction. */
export interface BatchStream extends AsyncIterable<RecordBatch> {
  /** Known before the first row, also for 0 rows. */
  readonly schema: Schema
  readonly mappings: readonly TypeMapping[]
  /** Counters for the summary: fetches issued, bytes decoded. */
  readonly stats: { readonly fetches: number; readonly rows: number }
}

/** One export in flight per instance (ADR-0011); parallel chunks open their own Source. */
export interface Source {
  readonly engine: SourceEngine
  export(request: ExportRequest): Promise<BatchStream>
  /** First column of the first row as text, or null. For catalog and count probes. */
  queryScalar(sql: string, params?: readonly string[]): Promise<string | null>
  /** First column of every row as text (NULLs skipped). For small planning probes (chunk boundaries). */
  queryColumn(sql: string, params?: readonly string[]): Promise<string[]>
  /** Every column of the first row as text (NULL → null); undefined for no row. One probe, one statement. */
  queryRow(sql: string, params?: readonly string[]): Promise<(string | null)[] | undefined>
  /** Classifies by SQLSTATE / errno / driver code first; message heuristics last (F-section). */
  classifyError(err: unknown): RetryClass
  close(): Promise<void>
}
