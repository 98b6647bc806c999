import { COALESCED_CURSOR_COLUMN, type IncrementalCursorPlan } from '../plan/run-plan.js'
import type { Dialect } from './dialect.js'

/** A statement plus its bound parameters (empty for engines that embed literals). */
export interface BuiltQuery {
  readonly sql: string
  readonly params: readonly string[]
}

export function snapshotQuery(base: string): BuiltQuery {
  return { sql: base, params: [] }
}

/** The cursor value as SQL: a bound parameter or an escaped literal, per dialect. */
function cursorValue(d: Dialect, value: string, params: string[]): string {
  if (!d.bindsCursor) return d.quoteLiteral(value)
  params.push(value)
  return d.placeholder(params.length - 1)
}

/** D07 (single column) and D08 (coalesce) incremental statements. */
export function incrementalQuery(d: Dialect, base: string, plan: IncrementalCursorPlan, last: string | undefined): BuiltQuery {
  const params: string[] = []
  const p = d.quoteIdent(plan.primaryColumn)
  if (plan.mode === 'single_column') {
    const where = last === undefined ? '' : ` WHERE ${p} > ${cursorValue(d, last, params)}`
    return { sql: `SELECT * FROM (${base}) AS _rivet${where} ORDER BY ${p}`, params }
  }
  const f = d.quoteIdent(plan.fallbackColumn ?? plan.primaryColumn)
  const coalesce = `COALESCE(_rivet.${p}, _rivet.${f})`
  const where = last === undefined ? '' : ` WHERE ${coalesce} > ${cursorValue(d, last, params)}`
  return {
    sql: `SELECT _rivet.*, ${coalesce} AS ${d.quoteIdent(COALESCED_CURSOR_COLUMN)} FROM (${base}) AS _rivet${where} ORDER BY ${coalesce}, _rivet.${p}, _rivet.${f}`,
    params,
  }
}

/** D20: rows at or after UTC midnight `daysWindow` days before `now`. */
export function timeWindowQuery(d: Dialect, base: string, column: string, columnType: 'timestamp' | 'unix', daysWindow: number, now: Date): BuiltQuery {
  const start = new Date(now.getTime() - daysWindow * 86_400_000)
  const midnight = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate())
  const bound = columnType === 'unix' ? String(midnight / 1000) : `'${new Date(midnight).toISOString().slice(0, 10)} 00:00:00'`
  return { sql: `SELECT * FROM (${base}) AS _rivet WHERE ${d.quoteIdent(column)} >= ${bound}`, params: [] }
}

/** D16 keyset page: rows after `last` in key order, at most `limit`. */
export function keysetPageQuery(d: Dialect, base: string, key: string, last: string | undefined, limit: number): BuiltQuery {
  const params: string[] = []
  const k = d.quoteIdent(key)
  const where = last === undefined ? '' : ` WHERE ${k} > ${cursorValue(d, last, params)}`
  const page = d.engine === 'mssql' ? `ORDER BY ${k} OFFSET 0 ROWS FETCH NEXT ${limit} ROWS ONLY` : `ORDER BY ${k} LIMIT ${limit}`
  return { sql: `SELECT * FROM (${base}) AS _rivet${where} ${page}`, params }
}
