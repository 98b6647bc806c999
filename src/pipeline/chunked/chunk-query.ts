import type { Dialect } from '../../source/dialect.js'
import type { BuiltQuery } from '../../source/query.js'
import { dayString, type ChunkWindow } from './math.js'

/** Synthetic ordinal of dense chunking (D13); stripped before writing. */
export const CHUNK_RN_COLUMN = '_rivet_chunk_rn'

/** How a window is filtered: key BETWEEN, dense ordinal BETWEEN, or half-open days. */
export type WindowMode = 'range' | 'dense' | 'days'

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?$/

/**
 * The table of a base query that is exactly `SELECT * FROM <ident>` (optionally
 * `schema.table`, no clause after it), so statements can hit the table directly.
 */
export function selectStarTable(base: string): string | undefined {
  const m = /^\s*select\s*\*\s*from\s+(\S+)\s*$/i.exec(base)
  const ident = m?.[1]
  return ident !== undefined && IDENT.test(ident) ? ident : undefined
}

function fromBase(base: string, alias: string): string {
  return selectStarTable(base) ?? `(${base}) AS ${alias}`
}

/** D10/D13/D14: the statement of one chunk window. Keys are integers, so they are inlined. */
export function chunkQuery(d: Dialect, base: string, column: string, w: ChunkWindow, mode: WindowMode): BuiltQuery {
  const c = d.quoteIdent(column)
  if (mode === 'dense') {
    const rn = d.quoteIdent(CHUNK_RN_COLUMN)
    return {
      sql: `SELECT * FROM (SELECT _rivet_i.*, ROW_NUMBER() OVER (ORDER BY _rivet_i.${c}) AS ${rn} FROM (${base}) AS _rivet_i) AS _rivet_w WHERE _rivet_w.${rn} BETWEEN ${w.lo} AND ${w.hi}`,
      params: [],
    }
  }
  const where = mode === 'days' ? `${c} >= '${dayString(w.lo)}' AND ${c} < '${dayString(w.hi + 1n)}'` : `${c} BETWEEN ${w.lo} AND ${w.hi}`
  return { sql: `SELECT * FROM ${fromBase(base, '_rivet')} WHERE ${where}`, params: [] }
}

/** D13: rows of the base query. */
export function rowCountQuery(base: string): string {
  return `SELECT COUNT(*) FROM ${fromBase(base, '_rivet_rowcnt')}`
}

/**
 * D11: rows whose chunk key is NULL. On an indexed or NOT NULL key this is an index lookup,
 * not a scan (the probes are split so that a primary key costs no full-table statement).
 */
export function nullKeyCountQuery(d: Dialect, base: string, column: string): string {
  return `SELECT COUNT(*) FROM ${fromBase(base, '_rivet_probe')} WHERE ${d.quoteIdent(column)} IS NULL`
}

/** D10: the key range; both ends of an index on the key. */
export function keyRangeQuery(d: Dialect, base: string, column: string): string {
  const c = d.quoteIdent(column)
  return `SELECT MIN(${c}), MAX(${c}) FROM ${fromBase(base, '_rivet_probe')}`
}

/** Non-NULL keys (sparse-key density) when no catalog estimate is available: a full count. */
export function keyCountQuery(d: Dialect, base: string, column: string): string {
  return `SELECT COUNT(${d.quoteIdent(column)}) FROM ${fromBase(base, '_rivet_probe')}`
}

/** Keys at ordinals 1, size+1, 2·size+1, … — the starts of row-count windows over a sparse key. */
export function windowStartsQuery(d: Dialect, base: string, column: string, size: number): string {
  const c = d.quoteIdent(column)
  return `SELECT _rivet_k FROM (SELECT ${c} AS _rivet_k, ROW_NUMBER() OVER (ORDER BY ${c}) AS _rivet_rn FROM ${fromBase(base, '_rivet_s')} WHERE ${c} IS NOT NULL) AS _rivet_b WHERE (_rivet_rn - 1) % ${size} = 0 ORDER BY _rivet_k`
}
