import { cellText } from './run-query.js'

/**
 * Session guard (D05, D23): UTC session time zone so TIMESTAMP reads as UTC, and the
 * statement timeout in the flavour's own variable. The previous values are read first and
 * written back on close, so a pooled or proxied backend session is handed back unchanged.
 */
export type MysqlFlavor = 'mysql' | 'mariadb'

/** Runs one statement and returns its rows as arrays. */
export type SqlRunner = (sql: string, params?: readonly unknown[]) => Promise<unknown[][]>

export interface SessionSnapshot {
  readonly flavor: MysqlFlavor
  readonly version: string
  /** `@@session.time_zone` before the guard. */
  readonly timeZone: string
  /** Session statement-timeout value before the guard (ms on MySQL, seconds on MariaDB). */
  readonly previousTimeout: string
}

export function flavorOf(version: string): MysqlFlavor {
  return /mariadb/i.test(version) ? 'mariadb' : 'mysql'
}

/** MySQL bounds SELECTs in milliseconds; MariaDB bounds every statement in seconds. */
export function timeoutVariable(flavor: MysqlFlavor): string {
  return flavor === 'mariadb' ? 'max_statement_time' : 'max_execution_time'
}

export function timeoutValue(flavor: MysqlFlavor, seconds: number): string {
  return flavor === 'mariadb' ? String(seconds) : String(Math.round(seconds * 1000))
}

function literal(v: string): string {
  return `'${v.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`
}

const NUMERIC = /^\d+(\.\d+)?$/

/** The statement that sets the export's statement timeout; 0 puts the session's own value back. */
export function timeoutStatement(s: SessionSnapshot, seconds: number): string | undefined {
  if (seconds > 0) return `SET SESSION ${timeoutVariable(s.flavor)} = ${timeoutValue(s.flavor, seconds)}`
  return NUMERIC.test(s.previousTimeout) ? `SET SESSION ${timeoutVariable(s.flavor)} = ${s.previousTimeout}` : undefined
}

/** Statements that hand the session back as it was found (pure; asserted by unit tests). */
export function restoreStatements(s: SessionSnapshot): string[] {
  const out = [`SET time_zone = ${literal(s.timeZone)}`]
  const t = timeoutStatement(s, 0)
  if (t !== undefined) out.push(t)
  return out
}

function text(v: unknown): string {
  return cellText(v) ?? ''
}

/** Reads the values the guard changes, then sets the session time zone to UTC. */
export async function applySessionGuard(run: SqlRunner): Promise<SessionSnapshot> {
  const [row] = await run('SELECT VERSION(), @@session.time_zone')
  const version = text(row?.[0])
  const flavor = flavorOf(version)
  const [t] = await run(`SELECT @@session.${timeoutVariable(flavor)}`)
  const snapshot: SessionSnapshot = { flavor, version, timeZone: text(row?.[1]), previousTimeout: text(t?.[0]) }
  await run("SET time_zone = '+00:00'")
  return snapshot
}

export async function restoreSession(run: SqlRunner, snapshot: SessionSnapshot): Promise<void> {
  for (const sql of restoreStatements(snapshot)) await run(sql)
}
