import type { Connection } from 'mysql2'
import type { SqlRunner } from './session.js'

/** A promise over mysql2's core callback API; rows come back as arrays in column order. */
export function sqlRunner(conn: Connection): SqlRunner {
  return (sql, params = []) =>
    new Promise<unknown[][]>((resolve, reject) => {
      const done = (err: Error | null, rows: unknown): void => {
        if (err !== null) reject(err)
        else resolve(Array.isArray(rows) ? (rows as unknown[][]) : [])
      }
      // With values, a prepared statement: the server (not a client-side text splice) binds them.
      if (params.length > 0) conn.execute({ sql, rowsAsArray: true, values: [...params] }, done)
      else conn.query({ sql, rowsAsArray: true }, done)
    })
}

/** One result cell as text (mysql2 hands over strings, numbers or Buffers); null for SQL NULL. */
export function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null
  if (Buffer.isBuffer(v)) return v.toString('utf8')
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v)
  return JSON.stringify(v)
}
