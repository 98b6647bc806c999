import { RivetError } from '../errors/index.js'
import type { ResolvedRunPlan } from '../plan/run-plan.js'
import { dialectFor } from '../source/dialect.js'
import type { Source } from '../source/source.js'

/**
 * D16: a keyset key must be one column, NOT NULL, and UNIQUE or the PRIMARY KEY of the
 * export's table — otherwise `> last ORDER BY key` can skip or repeat rows. Checked in the
 * catalog before the first page.
 */
export async function assertUsableKeysetKey(source: Source, plan: ResolvedRunPlan, key: string): Promise<void> {
  const table = plan.table
  if (table === undefined) return // config validation requires `table:` with chunk_by_key
  const d = dialectFor(plan.source.engine)
  let usable: string | null
  switch (plan.source.engine) {
    case 'postgres': {
      const rel = table.schema === undefined ? d.quoteIdent(table.name) : `${d.quoteIdent(table.schema)}.${d.quoteIdent(table.name)}`
      usable = await source.queryScalar(
        `SELECT count(*) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
         WHERE i.indrelid = to_regclass($1) AND i.indisunique AND i.indnkeyatts = 1 AND i.indpred IS NULL AND a.attname = $2 AND a.attnotnull`,
        [rel, key],
      )
      break
    }
    case 'mysql':
      usable = await source.queryScalar(
        `SELECT COUNT(*) FROM information_schema.STATISTICS s
           JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME
         WHERE s.TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND s.TABLE_NAME = ? AND s.COLUMN_NAME = ? AND s.NON_UNIQUE = 0 AND c.IS_NULLABLE = 'NO'
           AND (SELECT COUNT(*) FROM information_schema.STATISTICS s2 WHERE s2.TABLE_SCHEMA = s.TABLE_SCHEMA AND s2.TABLE_NAME = s.TABLE_NAME AND s2.INDEX_NAME = s.INDEX_NAME) = 1`,
        [table.schema ?? '', table.name, key],
      )
      break
    case 'mssql':
      usable = await source.queryScalar(
        `SELECT COUNT(*) FROM sys.indexes i JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id
           JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id
         WHERE i.object_id = OBJECT_ID(@p0) AND i.is_unique = 1 AND i.has_filter = 0 AND c.name = @p1 AND c.is_nullable = 0
           AND (SELECT COUNT(*) FROM sys.index_columns x WHERE x.object_id = i.object_id AND x.index_id = i.index_id AND x.is_included_column = 0) = 1`,
        [table.schema === undefined ? table.name : `${table.schema}.${table.name}`, key],
      )
      break
  }
  if (usable !== null && Number(usable) > 0) return
  const name = table.schema === undefined ? table.name : `${table.schema}.${table.name}`
  throw new RivetError('RIVET_PLAN_REJECTED', `chunk_by_key '${key}' is not a usable keyset key on ${name} — it must be a single-column, NOT NULL, UNIQUE or PRIMARY key`, {
    hint: 'pick a column with a single-column unique index and NOT NULL, or use `chunk_column:` on an integer key',
  })
}

/**
 * The single-column UNIQUE NOT NULL key of a MySQL table (PRIMARY first), or undefined.
 * Used to page MySQL reads by key (D16 auto-selection, paged snapshots).
 */
export async function mysqlUniqueKey(source: Source, table: { readonly schema: string | undefined; readonly name: string }): Promise<string | undefined> {
  const key = await source.queryScalar(
    `SELECT s.COLUMN_NAME FROM information_schema.STATISTICS s
       JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME
     WHERE s.TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND s.TABLE_NAME = ? AND s.NON_UNIQUE = 0 AND c.IS_NULLABLE = 'NO'
       AND (SELECT COUNT(*) FROM information_schema.STATISTICS s2 WHERE s2.TABLE_SCHEMA = s.TABLE_SCHEMA AND s2.TABLE_NAME = s.TABLE_NAME AND s2.INDEX_NAME = s.INDEX_NAME) = 1
     ORDER BY s.INDEX_NAME = 'PRIMARY' DESC, s.INDEX_NAME LIMIT 1`,
    [table.schema ?? '', table.name],
  )
  return key ?? undefined
}
