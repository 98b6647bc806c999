import { DuckDBInstance } from '@duckdb/node-api'

/** Reads rows with DuckDB (the independent oracle) as JSON-friendly strings, UTC. */
export async function duckRows(sql: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(':memory:')
  const conn = await inst.connect()
  try {
    await conn.run("SET TimeZone = 'UTC'")
    const reader = await conn.runAndReadAll(sql)
    return reader.getRowObjectsJson()
  } finally {
    conn.closeSync()
    inst.closeSync()
  }
}
