import { errorMessage } from '../../errors/index.js'
import type { Logger } from '../../log/index.js'
import { dialectFor } from '../dialect.js'
import type { BuiltQuery } from '../query.js'
import { describeTarget, exactNumericPlan, passThrough, type DescribedColumn, type ExactNumericPlan } from './exact-numeric.js'

/** Runs a statement and returns its rows keyed by column name. */
export type NamedRowsRunner = (sql: string, params: readonly string[]) => Promise<Record<string, unknown>[]>

/**
 * `sp_describe_first_result_set` for `tsql`, both bound: the statement text as `@p0`, and the
 * declarations of its own `@p0…` cursor parameters (text, as bindParams sends them) as `@p1`.
 */
export function describeStatement(tsql: string, params: readonly string[]): BuiltQuery {
  if (params.length === 0) return { sql: 'EXEC sp_describe_first_result_set @tsql = @p0', params: [tsql] }
  const declarations = params.map((_, i) => `@p${String(i)} nvarchar(max)`).join(', ')
  return { sql: 'EXEC sp_describe_first_result_set @tsql = @p0, @params = @p1', params: [tsql, declarations] }
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v)
}

/** The visible result columns in ordinal order (browse-mode `is_hidden` rows dropped). */
export function parseDescribed(rows: readonly Record<string, unknown>[]): DescribedColumn[] {
  return rows
    .filter((r) => r.is_hidden !== true && r.is_hidden !== 1)
    .sort((a, b) => num(a.column_ordinal) - num(b.column_ordinal))
    .map((r) => ({
      name: typeof r.name === 'string' ? r.name : null,
      systemTypeId: num(r.system_type_id),
      precision: num(r.precision),
      scale: num(r.scale),
    }))
}

/**
 * One metadata statement before the export: describe the result, then rewrite the statement so
 * wide numerics arrive as exact text. A statement the server cannot describe (temp tables,
 * dynamic SQL, a CTE that cannot be wrapped…) streams unchanged; the reader warns if that
 * leaves a wide numeric column as a double.
 */
export async function planExactNumerics(run: NamedRowsRunner, sql: string, params: readonly string[], log: Logger): Promise<ExactNumericPlan> {
  const q = describeStatement(describeTarget(sql), params)
  let described: DescribedColumn[]
  try {
    described = parseDescribed(await run(q.sql, q.params))
  } catch (err) {
    log.debug({ err: errorMessage(err) }, 'sp_describe_first_result_set failed; the statement runs unchanged')
    return passThrough(sql, `the result could not be described (${errorMessage(err)})`)
  }
  return exactNumericPlan(dialectFor('mssql'), sql, described)
}
