import { type Connection, Request, TYPES } from 'tedious'

/** One result cell as text; null for SQL NULL. */
export function mssqlCellText(v: unknown): string | null {
  if (v === null || v === undefined) return null
  if (Buffer.isBuffer(v)) return v.toString('hex')
  if (v instanceof Date) return v.toISOString()
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v)
  return JSON.stringify(v)
}

/** Binds `@p0…` as NVARCHAR (the dialect's cursor values are text). */
export function bindParams(request: Request, params: readonly string[]): void {
  params.forEach((value, i) => {
    request.addParameter(`p${i}`, TYPES.NVarChar, value)
  })
}

/**
 * A plain SQL batch when nothing is bound: `SET LOCK_TIMEOUT` inside `sp_executesql` (what
 * `execSql` sends) would be undone when that inner scope ends.
 */
export function execute(conn: Connection, request: Request, hasParams: boolean): void {
  if (hasParams) conn.execSql(request)
  else conn.execSqlBatch(request)
}

/** Runs one statement to completion and returns its rows as arrays of driver values. */
export function runSql(conn: Connection, sql: string, params: readonly string[] = []): Promise<unknown[][]> {
  return new Promise((resolve, reject) => {
    const rows: unknown[][] = []
    const request = new Request(sql, (err) => {
      if (err !== null && err !== undefined) reject(err)
      else resolve(rows)
    })
    bindParams(request, params)
    request.on('row', (columns: { value: unknown }[]) => {
      rows.push(columns.map((c) => c.value))
    })
    execute(conn, request, params.length > 0)
  })
}

/**
 * Runs one statement to completion and returns its rows keyed by column name. With
 * `timeoutMs` > 0 tedious cancels it past that time and it fails with ETIMEOUT.
 */
export function runSqlNamed(conn: Connection, sql: string, params: readonly string[] = [], timeoutMs = 0): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const rows: Record<string, unknown>[] = []
    const request = new Request(sql, (err) => {
      if (err !== null && err !== undefined) reject(err)
      else resolve(rows)
    })
    if (timeoutMs > 0) request.setTimeout(timeoutMs)
    bindParams(request, params)
    request.on('row', (columns: { value: unknown; metadata: { colName: string } }[]) => {
      rows.push(Object.fromEntries(columns.map((c) => [c.metadata.colName, c.value])))
    })
    execute(conn, request, params.length > 0)
  })
}
