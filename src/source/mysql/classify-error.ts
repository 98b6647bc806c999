import { PERMANENT, RivetError, type RetryClass } from '../../errors/index.js'
import { classifyMessage, classifyNodeErrorCode, transient } from '../classify-message.js'

/** Server errnos that end a statement by its duration (F02): never retried. */
export const STATEMENT_TIMEOUT_ERRNOS: ReadonlySet<number> = new Set([
  3024, // ER_QUERY_TIMEOUT (MySQL max_execution_time)
  1969, // ER_STATEMENT_TIMEOUT (MariaDB max_statement_time)
])

/** MySQL/MariaDB errno → retry class (F04); undefined when the table does not know it. */
export function classifyErrno(errno: number): RetryClass | undefined {
  switch (errno) {
    case 1213: // ER_LOCK_DEADLOCK
      return transient(false, 1_000)
    case 1205: // ER_LOCK_WAIT_TIMEOUT: same connection
      return transient(false, 0)
    case 1040: // ER_CON_COUNT_ERROR
    case 1053: // ER_SERVER_SHUTDOWN
      return transient(true, 15_000)
    case 2006: // CR_SERVER_GONE_ERROR
    case 2013: // CR_SERVER_LOST
    case 1927: // ER_CONNECTION_KILLED (MariaDB)
      return transient(true, 0)
    case 1045: // ER_ACCESS_DENIED_ERROR
    case 1044: // ER_DBACCESS_DENIED_ERROR
    case 1049: // ER_BAD_DB_ERROR
    case 1146: // ER_NO_SUCH_TABLE
    case 1064: // ER_PARSE_ERROR
    case 1054: // ER_BAD_FIELD_ERROR
    case 1142: // ER_TABLEACCESS_DENIED_ERROR
    case 1317: // ER_QUERY_INTERRUPTED (KILL QUERY)
      return PERMANENT
  }
  return STATEMENT_TIMEOUT_ERRNOS.has(errno) ? PERMANENT : undefined
}

/** mysql2 client-side codes for a dropped or stalled connection. */
const DRIVER_RECONNECT_CODES = new Set(['PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR', 'PROTOCOL_ENQUEUE_AFTER_QUIT'])

function field(err: object, key: string): unknown {
  return (err as Record<string, unknown>)[key]
}

export function errnoOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const errno = field(err, 'errno')
  const code = field(err, 'code')
  // Node socket errors carry a negative errno alongside a string code (ECONNRESET).
  return typeof errno === 'number' && errno > 0 && !(typeof code === 'string' && code.startsWith('E') && !code.startsWith('ER_')) ? errno : undefined
}

/** Errno first, then Node/driver codes, then message heuristics last (F04, F05). */
export function classifyMysqlError(err: unknown): RetryClass {
  if (err instanceof RivetError) return err.retry
  if (typeof err !== 'object' || err === null) return PERMANENT
  const errno = errnoOf(err)
  const byErrno = errno === undefined ? undefined : classifyErrno(errno)
  if (byErrno !== undefined) return byErrno
  const code = field(err, 'code')
  const byNode = classifyNodeErrorCode(code)
  if (byNode !== undefined) return byNode
  if (typeof code === 'string' && DRIVER_RECONNECT_CODES.has(code)) return transient(true, 0)
  const message = field(err, 'message')
  return typeof message === 'string' ? classifyMessage(message) : PERMANENT
}

/** Wraps a driver failure during a query as a coded RivetError (statement timeouts are permanent, F02). */
export function toMysqlQueryError(err: unknown): unknown {
  if (err instanceof RivetError) return err
  const msg = err instanceof Error ? err.message : String(err)
  const errno = errnoOf(err)
  if (errno !== undefined && STATEMENT_TIMEOUT_ERRNOS.has(errno)) {
    return new RivetError('RIVET_SOURCE_TIMEOUT', `source: statement cancelled by the server (max execution time exceeded, errno ${errno}): ${msg}`, {
      cause: err,
      hint: 'raise `tuning.statement_timeout_s`, or use `mode: chunked` so each statement stays short',
    })
  }
  return new RivetError('RIVET_SOURCE_QUERY', `source query failed${errno === undefined ? '' : ` (errno ${errno})`}: ${msg}`, {
    cause: err,
    retry: classifyMysqlError(err),
  })
}
