import { RivetError } from '../../errors/index.js'
import type { Logger } from '../../log/index.js'
import type { ChunkedPlan, ResolvedRunPlan, TableRef } from '../../plan/run-plan.js'
import { dialectFor, type Dialect } from '../../source/dialect.js'
import type { Source } from '../../source/source.js'
import { keyCountQuery, keyRangeQuery, nullKeyCountQuery, rowCountQuery, selectStarTable, windowStartsQuery, type WindowMode } from './chunk-query.js'
import { daysSinceEpoch, denseWindows, dayWindows, keyWindows, parseKey, quantileWindows, rangeWindowCount, type ChunkShape, type ChunkWindow } from './math.js'

/** What a chunked run iterates: the key column, its shape and the windows (D10–D14). */
export interface ChunkLayout {
  readonly column: string
  readonly shape: ChunkShape
  readonly mode: WindowMode
  readonly windows: readonly ChunkWindow[]
}

export function tableLabel(t: TableRef): string {
  return t.schema === undefined ? t.name : `${t.schema}.${t.name}`
}

/** The catalog row estimate of a `table:` export (0 = unknown / never analysed). */
export async function tableRowEstimate(source: Source, table: TableRef): Promise<number> {
  let raw: string | null
  switch (source.engine) {
    case 'postgres':
      raw = await source.queryScalar('SELECT c.reltuples::bigint::text FROM pg_class c WHERE c.oid = to_regclass($1)', [qualified(source, table)])
      break
    case 'mysql':
      raw = await source.queryScalar(
        `SELECT CAST(IFNULL(TABLE_ROWS, 0) AS SIGNED) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${table.schema === undefined ? 'DATABASE()' : '?'} AND TABLE_NAME = ?`,
        table.schema === undefined ? [table.name] : [table.schema, table.name],
      )
      break
    case 'mssql':
      return 0
  }
  const n = raw === null ? 0 : Number(raw)
  return Number.isFinite(n) && n > 0 ? n : 0
}

function qualified(source: Source, t: TableRef): string {
  const d = dialectFor(source.engine)
  return t.schema === undefined ? d.quoteIdent(t.name) : `${d.quoteIdent(t.schema)}.${d.quoteIdent(t.name)}`
}

/** The column of a single-column integer primary key, from the catalog (D15). */
export async function singleIntegerPrimaryKey(source: Source, table: TableRef): Promise<string | undefined> {
  switch (source.engine) {
    case 'postgres': {
      const col = await source.queryScalar(
        `SELECT MIN(a.attname::text) FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
         JOIN pg_type t ON t.oid = a.atttypid
         WHERE i.indrelid = to_regclass($1) AND i.indisprimary
         HAVING COUNT(*) = 1 AND bool_and(t.typname IN ('int2', 'int4', 'int8'))`,
        [qualified(source, table)],
      )
      return col ?? undefined
    }
    case 'mysql': {
      const schema = table.schema === undefined ? 'DATABASE()' : '?'
      const col = await source.queryScalar(
        `SELECT MIN(k.COLUMN_NAME) FROM information_schema.KEY_COLUMN_USAGE k
         JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = k.TABLE_SCHEMA AND c.TABLE_NAME = k.TABLE_NAME AND c.COLUMN_NAME = k.COLUMN_NAME
         WHERE k.TABLE_SCHEMA = ${schema} AND k.TABLE_NAME = ? AND k.CONSTRAINT_NAME = 'PRIMARY'
         HAVING COUNT(*) = 1 AND SUM(c.DATA_TYPE IN ('tinyint', 'smallint', 'mediumint', 'int', 'bigint')) = 1`,
        table.schema === undefined ? [table.name] : [table.schema, table.name],
      )
      return col ?? undefined
    }
    case 'mssql':
      return undefined
  }
}

/**
 * D17: a `table:` export with no explicit chunk shape whose catalog estimate fits in one
 * chunk runs as one snapshot file. Resolves to the estimate when the escape applies.
 */
export async function smallTableEstimate(source: Source, plan: ResolvedRunPlan, c: ChunkedPlan): Promise<number | undefined> {
  if (plan.table === undefined || c.shapeExplicit) return undefined
  const estimate = await tableRowEstimate(source, plan.table)
  return estimate > 0 && estimate <= c.chunkSize ? estimate : undefined
}

/** D15: the explicit `chunk_column`, else the single-integer primary key of a `table:` export. */
export async function resolveChunkColumn(source: Source, plan: ResolvedRunPlan, c: ChunkedPlan, log: Logger): Promise<string> {
  if (c.column !== undefined) return c.column
  if (plan.table === undefined) {
    throw new RivetError('RIVET_CHUNK_COLUMN_REQUIRED', `export '${plan.exportName}': chunked mode requires 'chunk_column' (auto-resolve from PK is only supported with the \`table:\` shortcut)`, {
      hint: 'set `chunk_column:` to an integer column of the query, or use `table:` on a table with a single-integer primary key',
    })
  }
  const label = tableLabel(plan.table)
  const pk = await singleIntegerPrimaryKey(source, plan.table)
  if (pk === undefined) {
    throw new RivetError('RIVET_CHUNK_COLUMN_REQUIRED', `export '${plan.exportName}': chunked mode requires 'chunk_column' — ${label} has no single-integer primary key to auto-resolve`, {
      hint: 'set `chunk_column:` (an integer column) explicitly, or use `mode: full` to accept one long snapshot query',
    })
  }
  log.warn(`export '${plan.exportName}': chunk_column not set — auto-resolved to '${pk}' from the single-integer primary key on ${label}. Set \`chunk_column:\` explicitly to pin the choice and silence this warning.`)
  return pk
}

/** The shape recorded in the fingerprint, in the precedence of I05. */
export function chunkShape(c: ChunkedPlan): ChunkShape {
  if (c.byDays !== undefined) return { kind: 'days', days: c.byDays }
  if (c.dense) return { kind: 'dense', size: c.chunkSize }
  if (c.chunkCount !== undefined) return { kind: 'count', count: c.chunkCount }
  return { kind: 'range', size: c.chunkSize }
}

/** Probes the source and computes the windows of one run (D10–D14, with the D11 NULL guard). */
export async function detectLayout(source: Source, plan: ResolvedRunPlan, c: ChunkedPlan, column: string, log: Logger): Promise<ChunkLayout> {
  const d = dialectFor(source.engine)
  const base = plan.baseQuery
  const shape = chunkShape(c)
  const name = plan.exportName
  if (shape.kind === 'dense') {
    const count = BigInt((await source.queryScalar(rowCountQuery(base))) ?? '0')
    const windows = denseWindows(count, c.chunkSize)
    log.info(`export '${name}': chunk_dense: ROW_NUMBER() OVER (ORDER BY ${column}) — ${count} row(s), ${windows.length} window(s) of ${c.chunkSize}`)
    return { column, shape, mode: 'dense', windows }
  }
  const nulls = Number((await source.queryScalar(nullKeyCountQuery(d, base, column))) ?? '0')
  if (nulls > 0) {
    throw new RivetError('RIVET_CHUNK_NULL_KEYS', `export '${name}': ${nulls} row(s) have NULL in chunk_column '${column}' — range/date windows filter with BETWEEN (or >= … <), which excludes NULL, so those rows would be silently dropped`, {
      hint: `use a NOT NULL column for \`chunk_column\`, add \`WHERE ${column} IS NOT NULL\` to the query to drop them explicitly, set \`chunk_dense: true\` (ROW_NUMBER covers every row), or use \`mode: full\``,
      details: { null_rows: nulls, chunk_column: column },
    })
  }
  const range = (await source.queryRow(keyRangeQuery(d, base, column))) ?? []
  const minText = range[0] ?? null
  const maxText = range[1] ?? null
  if (shape.kind === 'days') {
    if (minText === null || maxText === null) return { column, shape, mode: 'days', windows: [] }
    const lo = daysSinceEpoch(minText)
    const hi = daysSinceEpoch(maxText)
    if (lo === undefined || hi === undefined) throw keyError(name, column, `MIN = '${minText}', MAX = '${maxText}' are not dates`, 'chunk_by_days needs a date or timestamp `chunk_column`')
    const windows = dayWindows(lo, hi, shape.days)
    log.info(`export '${name}': date chunk_column ${column} range ${minText} .. ${maxText} (${shape.days} day(s)/chunk → ${windows.length} chunk(s))`)
    return { column, shape, mode: 'days', windows }
  }
  const min = minText === null ? undefined : parseKey(minText)
  const max = maxText === null ? undefined : parseKey(maxText)
  if ((minText !== null && min === undefined) || (maxText !== null && max === undefined)) {
    throw keyError(name, column, `MIN = '${minText ?? 'NULL'}', MAX = '${maxText ?? 'NULL'}' are not integers`, 'range chunking needs an integer `chunk_column`; use `chunk_by_days:` for dates or `chunk_dense: true` for any orderable column')
  }
  const keys = (): Promise<bigint> => keyCountEstimate(source, plan, d, column)
  const sparse = shape.kind === 'range' && min !== undefined && max !== undefined ? await sparseWindows(source, d, base, column, min, max, shape.size, keys) : undefined
  if (sparse !== undefined && shape.kind === 'range') {
    log.warn(
      `export '${name}': chunk_column ${column} is sparse (${sparse.rows} key(s) over ${sparse.span} values, density ${(Number(sparse.rows) / Number(sparse.span)).toFixed(4)}); using ${sparse.windows.length} row-count window(s) of ~${shape.size} rows instead of ${sparse.rangeWindows} range window(s)`,
    )
    return { column, shape, mode: 'range', windows: sparse.windows }
  }
  const windows = keyWindows(min, max, shape)
  log.info(`export '${name}': chunk_column ${column} range ${min ?? 'NULL'} .. ${max ?? 'NULL'} → ${windows.length} window(s)`)
  return { column, shape, mode: 'range', windows }
}

function keyError(name: string, column: string, what: string, hint: string): RivetError {
  return new RivetError('RIVET_CHUNK_KEY_INVALID', `export '${name}': chunk_column '${column}': ${what}`, { hint })
}

/**
 * Keys for the density check: the catalog's row estimate when the export reads a whole table
 * (no NULL keys are left by then, so rows = keys), else an exact `COUNT(key)`, which scans.
 * An estimate near the 10% line may pick either windowing; both read every row exactly once.
 */
async function keyCountEstimate(source: Source, plan: ResolvedRunPlan, d: Dialect, column: string): Promise<bigint> {
  if (plan.table !== undefined && selectStarTable(plan.baseQuery) !== undefined) {
    const estimate = await tableRowEstimate(source, plan.table)
    if (estimate > 0) return BigInt(Math.round(estimate))
  }
  return BigInt((await source.queryScalar(keyCountQuery(d, plan.baseQuery, column))) ?? '0')
}

/** Density below which range windows would be mostly empty (R03's sparse-range rule). */
const SPARSE_DENSITY = 0.1
const MIN_WINDOWS_FOR_CHECK = 10n

/**
 * A key range is sparse when it would need more than 10 windows and fewer than 10% of its
 * values exist; then windows are cut by row count from one ordered scan of the keys (one
 * statement), so no statement is spent on an empty window and no window list explodes
 * (ids spread over 0..10^12 would otherwise be 10^7 windows).
 */
async function sparseWindows(source: Source, d: Dialect, base: string, column: string, min: bigint, max: bigint, size: number, keys: () => Promise<bigint>): Promise<{ windows: ChunkWindow[]; rows: bigint; span: bigint; rangeWindows: bigint } | undefined> {
  const rangeCount = rangeWindowCount(min, max, BigInt(size))
  if (rangeCount <= MIN_WINDOWS_FOR_CHECK) return undefined
  const span = max - min + 1n
  const rows = await keys()
  if (Number(rows) >= Number(span) * SPARSE_DENSITY) return undefined
  const starts = (await source.queryColumn(windowStartsQuery(d, base, column, size))).map((t) => parseKey(t)).filter((k): k is bigint => k !== undefined)
  return { windows: quantileWindows(starts, max), rows, span, rangeWindows: rangeCount }
}
