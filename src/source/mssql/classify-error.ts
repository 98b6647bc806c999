import { PERMANENT, RivetError, type RetryClass } from '../../errors/index.js'
import { classifyMessage, classifyNodeErrorCode, transient } from '../classify-message.js'

/** SQL Server error number → retry class; undefined when the table does not know it. */
export function classifyErrorNumber(n: number): RetryClass | undefined {
  switch (n) {
    case 1205: // deadlock victim
      return transient(false, 1_000)
    case 1222: // lock request time out (SET LOCK_TIMEOUT): same connection
      return transient(false, 0)
    case 4060: // cannot open database
    case 18456: // login failed
    case 208: // invalid object name
    case 207: // invalid column name
    case 102: // incorrect syntax
    case 229: // permission denied
      return PERMANENT
    case 40613: // Azure: database not currently available
    case 40197: // Azure: service error processing the request
    case 40501: // Azure: service is busy
    case 49918: // Azure: not enough resources
    case 49919: // Azure: too many create/update operations
    case 49920: // Azure: too many operations in progress
    case 10928: // Azure: resource limit reached
    case 10929: // Azure: minimum guarantee not available
      return transient(true, 0)
  }
  return undefined
}

/** tedious ConnectionError / RequestError codes for a dropped, broken or timed-out transport. */
const TEDIOUS_RECONNECT_CODES = new Set(['ESOCKET', 'ECLOSE', 'ETIMEOUT', 'EINSTLOOKUP', 'ECONNRESET'])

function field(err: object, key: string): unknown {
  return (err as Record<string, unknown>)[key]
}

export function errorNumberOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const n = field(err, 'number')
  if (typeof n === 'number') return n
  // AggregateError / wrapped login failures carry the server error as `cause`.
  const cause = field(err, 'cause')
  return cause !== err && typeof cause === 'object' && cause !== null ? errorNumberOf(cause) : undefined
}

/** Error number first, then Node/tedious codes, then message heuristics last (F-section). */
export function classifyMssqlError(err: unknown): RetryClass {
  if (err instanceof RivetError) return err.retry
  if (typeof err !== 'object' || err === null) return PERMANENT
  const n = errorNumberOf(err)
  const byNumber = n === undefined ? undefined : classifyErrorNumber(n)
  if (byNumber !== undefined) return byNumber
  const code = field(err, 'code')
  const byNode = classifyNodeErrorCode(code)
  if (byNode !== undefined) return byNode
  if (typeof code === 'string' && TEDIOUS_RECONNECT_CODES.has(code)) return transient(true, 0)
  if (code === 'ELOGIN') return PERMANENT
  const message = field(err, 'message')
  return typeof message === 'string' ? classifyMessage(message) : PERMANENT
}

/** The client-side statement-duration timeout (D06, F02): permanent, never retried. */
export function statementTimeoutError(seconds: number, cause?: unknown): RivetError {
  return new RivetError('RIVET_SOURCE_TIMEOUT', `source: statement timeout after ${seconds}s (tuning.statement_timeout_s) — the SQL Server query was cancelled`, {
    cause,
    hint: 'raise `tuning.statement_timeout_s`, or use `mode: chunked` so each statement stays short',
  })
}

export function toMssqlQueryError(err: unknown): unknown {
  if (err instanceof RivetError) return err
  const msg = err instanceof Error ? err.message : String(err)
  const n = errorNumberOf(err)
  return new RivetError('RIVET_SOURCE_QUERY', `source query failed${n === undefined ? '' : ` (error ${n})`}: ${msg}`, { cause: err, retry: classifyMssqlError(err) })
}
