import { PERMANENT, RivetError, type RetryClass } from '../../errors/index.js'
import { classifyMessage, classifyNodeErrorCode, transient } from '../classify-message.js'

/** SQLSTATE → retry class (F03). 57014 (statement_timeout / cancel) is permanent (F02). */
export function classifySqlState(sqlstate: string): RetryClass {
  if (sqlstate.startsWith('08')) return transient(true, 0)
  switch (sqlstate) {
    case '57P01': // admin_shutdown
    case '57P02': // crash_shutdown
    case '57P03': // cannot_connect_now
    case '53300': // too_many_connections
      return transient(true, 15_000)
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
      return transient(false, 1_000)
    case '55P03': // lock_not_available
      return transient(false, 0)
    case '57014': // query_canceled — statement_timeout never retries
      return PERMANENT
  }
  if (sqlstate.startsWith('53')) return transient(false, 5_000)
  return PERMANENT
}

function field(err: object, key: string): unknown {
  return (err as Record<string, unknown>)[key]
}

/** Classifies a node-postgres failure by SQLSTATE, then Node socket code, then message (last). */
export function classifyPgError(err: unknown): RetryClass {
  if (err instanceof RivetError) return err.retry
  if (typeof err !== 'object' || err === null) return PERMANENT
  const code = field(err, 'code')
  // Node socket codes first: 'EPIPE' would otherwise look like a SQLSTATE.
  const byNode = classifyNodeErrorCode(code)
  if (byNode !== undefined) return byNode
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return classifySqlState(code)
  const message = field(err, 'message')
  return typeof message === 'string' ? classifyMessage(message) : PERMANENT
}

/** The SQLSTATE of a node-postgres error, when it carries one. */
export function sqlStateOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const code = field(err, 'code')
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}

/** Wraps a driver failure during a query as a coded RivetError (timeouts are permanent, F02). */
export function toQueryError(err: unknown): unknown {
  if (err instanceof RivetError) return err
  const msg = err instanceof Error ? err.message : String(err)
  const sqlstate = sqlStateOf(err)
  if (sqlstate === '57014') {
    return new RivetError('RIVET_SOURCE_TIMEOUT', `source: statement cancelled by the server (statement_timeout): ${msg}`, {
      cause: err,
      hint: 'raise `tuning.statement_timeout_s`, or use `mode: chunked` so each statement stays short',
    })
  }
  return new RivetError('RIVET_SOURCE_QUERY', `source query failed${sqlstate === undefined ? '' : ` (${sqlstate})`}: ${msg}`, {
    cause: err,
    retry: classifyPgError(err),
  })
}
