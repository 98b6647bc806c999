import type { Logger } from '../../log/index.js'
import type { ChunkedPlan, ResolvedRunPlan } from '../../plan/run-plan.js'
import type { Source } from '../../source/source.js'
import { mysqlUniqueKey } from '../keyset-key.js'
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
  const key = await mysqlUniqueKey(source, plan.table)
  if (key === undefined) return undefined
  log.warn(
    `export '${plan.exportName}': auto-selected keyset (seek) pagination on unique key '${key}' of ${tableLabel(plan.table)} (no single-integer primary key). Set \`chunk_by_key: ${key}\` explicitly to pin the choice and silence this warning.`,
  )
  return key
}
