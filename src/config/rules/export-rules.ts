import { parseColumnOverride } from '../../types/index.js'
import { parseFileSize } from '../file-size.js'
import { hasParentComponent, isAbsolutePath } from './path-safety.js'
import type { Report } from './report.js'

/** The export fields these rules read (C14, C15, C21, C24, C25, C27). */
export interface ExportFields {
  readonly name: string
  readonly query?: string | undefined
  readonly query_file?: string | undefined
  readonly table?: string | undefined
  readonly format: 'parquet' | 'csv'
  readonly compression?: 'zstd' | 'snappy' | 'gzip' | 'lz4' | 'none' | undefined
  readonly compression_level?: number | undefined
  readonly compression_profile?: 'none' | 'fast' | 'balanced' | 'compact' | undefined
  readonly max_file_size?: string | number | undefined
  readonly columns: Readonly<Record<string, string>>
  readonly quality?: { readonly row_count_min?: number | undefined; readonly row_count_max?: number | undefined } | undefined
}

export const TARGET_NAMES = ['bigquery', 'bq', 'duckdb', 'duck', 'snowflake', 'sf'] as const

export function isFilenameSafeName(name: string): boolean {
  return name !== '' && !name.startsWith('.') && !name.includes('/') && !name.includes('\\') && !name.includes('..') && !name.includes('\0')
}

/** `schema.name` or `name`, plain identifiers only (C15). Returns a problem or undefined. */
export function tableIdentifierProblem(raw: string): string | undefined {
  const trimmed = raw.trim()
  if (trimmed === '') return "'table' is empty"
  const parts = trimmed.split('.')
  if (parts.length > 2) return `'table' must be \`<name>\` or \`<schema>.<name>\` (got '${raw}')`
  for (const part of parts) {
    if (part === '') return `'table' has an empty segment in '${raw}'`
    if (!/^[A-Za-z_]/.test(part)) return `'table' segment '${part}' must start with a letter or underscore (use 'query:' for quoted identifiers)`
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) return `'table' segment '${part}' contains non-identifier characters (use 'query:' for quoted identifiers)`
  }
  return undefined
}

export function checkExport(e: ExportFields, report: Report): void {
  if (!isFilenameSafeName(e.name)) {
    report(
      ['name'],
      `export name '${JSON.stringify(e.name).slice(1, -1)}' is not filename-safe: it must not contain '/', '\\', '..', a NUL, or start with '.' (the name is used in output paths and state keys)`,
      'use a plain identifier like `orders` or `daily_events`',
    )
  }
  checkRowSource(e, report)
  checkOutput(e, report)
  for (const [column, type] of Object.entries(e.columns) as [string, unknown][]) {
    if (typeof type !== 'string') continue // a non-string type is reported by the schema
    const parsed = parseColumnOverride(type)
    if (!parsed.ok) report(['columns', column], `column '${column}': ${parsed.problem}`)
  }
  const q = e.quality
  if (q?.row_count_min !== undefined && q.row_count_max !== undefined && q.row_count_min > q.row_count_max) {
    report(['quality'], `row_count_min (${q.row_count_min}) is greater than row_count_max (${q.row_count_max})`)
  }
}

function checkRowSource(e: ExportFields, report: Report): void {
  const set = [e.query, e.query_file, e.table].filter((v) => v !== undefined).length
  if (set === 0) {
    report(
      [],
      "specify exactly one of 'query', 'query_file', or 'table'",
      'use `table: <name>` for a whole table (enables PK auto-chunking), `query: "SELECT …"` for an inline one-liner, or `query_file: <path>` for SQL kept in version control',
    )
  } else if (set > 1) {
    report([], `specify exactly one of 'query', 'query_file', or 'table' (got ${set} set)`)
  }
  if (e.table !== undefined) {
    const problem = tableIdentifierProblem(e.table)
    if (problem !== undefined) report(['table'], problem)
  }
  if (e.query_file !== undefined) {
    if (isAbsolutePath(e.query_file)) report(['query_file'], `query_file must be a relative path: '${e.query_file}'`, 'paths are relative to the config file directory')
    else if (hasParentComponent(e.query_file)) report(['query_file'], `query_file path must not contain '..': '${e.query_file}'`, 'keep SQL files inside the config file directory')
  }
}

function checkOutput(e: ExportFields, report: Report): void {
  const codec = e.compression ?? 'zstd'
  if (e.compression_level !== undefined) {
    const level = e.compression_level
    if (codec === 'zstd' && (level < 1 || level > 22)) report(['compression_level'], `zstd compression_level must be 1..22, got ${level}`)
    else if (codec === 'gzip' && level > 10) report(['compression_level'], `gzip compression_level must be 0..10, got ${level}`)
    else if (codec !== 'zstd' && codec !== 'gzip') report(['compression_level'], 'compression_level is only supported for zstd and gzip')
  }
  if (e.format === 'csv') {
    if (e.compression !== undefined && e.compression !== 'none') {
      report(
        ['compression'],
        `CSV output does not support compression: ${e.compression}. CSV has no compression encoder, so the codec would be silently dropped while the manifest records it`,
        'use `format: parquet` for compression, or set `compression: none`',
      )
    }
    if (e.compression_profile !== undefined && e.compression_profile !== 'none') {
      report(
        ['compression_profile'],
        `CSV output does not support compression_profile: ${e.compression_profile} (it resolves to a compression codec the CSV writer cannot apply)`,
        'use `format: parquet` for compression, or set `compression_profile: none`',
      )
    }
  }
  if (e.max_file_size !== undefined && parseFileSize(e.max_file_size) === undefined) {
    report(
      ['max_file_size'],
      `invalid max_file_size '${String(e.max_file_size)}'`,
      "expected a number with an optional unit B/KB/MB/GB (e.g. '512MB', '1.5GB', or a bare byte count like '1048576'); fractions are allowed and units are binary (KB = 1024 bytes)",
    )
  }
}
