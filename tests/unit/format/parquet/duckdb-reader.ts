import { DuckDBInstance } from '@duckdb/node-api'

/** Test oracle: runs SQL against DuckDB in memory and returns rows as JSON-safe objects. */
export async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:')
  const conn = await instance.connect()
  try {
    const reader = await conn.runAndReadAll(sql)
    return reader.getRowObjectsJson()
  } finally {
    conn.closeSync()
    instance.closeSync()
  }
}
