import type { Logger } from '../../log/index.js'
import type { ChunkedPlan, ResolvedRunPlan } from '../../plan/run-plan.js'
import type { Source } from '../../source/source.js'
import { singleIntegerPrimaryKey, tableLabel } from './detect.js'

/**
 * D15/D16 on MySQL: a `table:` export in chunked mode with no `chunk_column` and no
 * single-integer primary key, but with a single-column UNIQUE NOT NULL key (a VARCHAR or
 * UUID primary key, say), is exported with keyset pagination on that key instead of failing.
 * Resolves to the key, or undefined when the range path (or its D15 error) applies.
 */
export async function mysqlAutoKeysetKey(source: Source, plan: ResolvedRunPlan, c: ChunkedPlan, log: Logger): Promise<string | undefined> {
  if (plan.source.engine !== 'mysql' || c.column !== undefined || plan.table === undefined) return undefined
  if ((await singleIntegerPrimaryKey(source, plan.table)) !== undefined) return undefined
  const key = await source.queryScalar(
    `SELECT s.COLUMN_NAME FROM information_schema.STATISTICS s
       JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME
     WHERE s.TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND s.TABLE_NAME = ? AND s.NON_UNIQUE = 0 AND c.IS_NULLABLE = 'NO'
       AND (SELECT COUNT(*) FROM information_schema.STATISTICS s2 WHERE s2.TABLE_SCHEMA = s.TABLE_SCHEMA AND s2.TABLE_NAME = s.TABLE_NAME AND s2.INDEX_NAME = s.INDEX_NAME) = 1
     ORDER BY s.INDEX_NAME = 'PRIMARY' DESC, s.INDEX_NAME LIMIT 1`,
    [plan.table.schema ?? '', plan.table.name],
  )
  if (key === null) return undefined
  log.warn(
    `export '${plan.exportName}': auto-selected keyset (seek) pagination on unique key '${key}' of ${tableLabel(plan.table)} (no single-integer primary key). Set \`chunk_by_key: ${key}\` explicitly to pin the choice and silence this warning.`,
  )
  return key
}
