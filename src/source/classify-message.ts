import { PERMANENT, type RetryClass } from '../errors/index.js'

/**
 * Message heuristics (F05): the LAST resort, used only when no SQLSTATE / errno / Node
 * error code classified the failure. Order matters: permanent credential/timeout
 * phrases are checked before the generic "timeout" rule.
 */
export function transient(reconnect: boolean, extraDelayMs: number): RetryClass {
  return { kind: 'transient', reconnect, extraDelayMs }
}

const RULES: readonly (readonly [readonly string[], RetryClass])[] = [
  [['loading credential', 'loadcredential', 'metadata.google.internal', 'permission denied', 'access denied', 'invalid_grant', 'token has been expired or revoked', 'authentication failed'], PERMANENT],
  [['(temporary)', 'dispatch task is gone'], transient(false, 500)],
  [
    ['connection reset', 'broken pipe', 'connection refused', 'no route to host', 'network is unreachable', 'name resolution', 'dns', 'ssl handshake', 'i/o timeout', 'unexpected eof', 'closed the connection unexpectedly', 'connection terminated', 'error reading communication packets'],
    transient(true, 0),
  ],
  [['gone away', 'lost connection', 'the server closed the connection', "can't connect to mysql server"], transient(true, 0)],
  [['statement timeout after', 'due to statement timeout', 'execution time exceeded', 'max_execution_time', 'maximum statement execution time exceeded'], PERMANENT],
  [['timed out', 'timeout', 'canceling statement', 'lock wait timeout'], transient(false, 0)],
  [['too many connections', 'the database system is starting up', 'the database system is shutting down'], transient(true, 15_000)],
  [['deadlock', 'could not serialize access'], transient(false, 1_000)],
]

export function classifyMessage(message: string): RetryClass {
  const msg = message.toLowerCase()
  for (const [needles, cls] of RULES) if (needles.some((n) => msg.includes(n))) return cls
  return PERMANENT
}

/** Node socket error codes that mean "reconnect and try again". */
const NODE_RECONNECT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED'])

export function classifyNodeErrorCode(code: unknown): RetryClass | undefined {
  return typeof code === 'string' && NODE_RECONNECT_CODES.has(code) ? transient(true, 0) : undefined
}

/** Node error codes that mean the server could not be reached at all (F07 fast fail). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'])

export function isUnreachableCode(code: unknown): boolean {
  return typeof code === 'string' && UNREACHABLE_CODES.has(code)
}
