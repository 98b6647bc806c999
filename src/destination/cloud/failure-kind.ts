import { RivetError } from '../../errors/index.js'

/** How a failed store request should be treated. */
export type FailureKind = 'auth' | 'not-found' | 'transient' | 'permanent'

/** Network-level failures worth another attempt (connection reset, refused, timed out). */
const TRANSIENT_NET_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH',
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'REQUEST_SEND_ERROR',
])
const TRANSIENT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeTooSkewed', 'SlowDown', 'InternalError', 'ServiceUnavailable', 'AbortError'])
const AUTH_NAMES = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'AuthorizationFailure', 'AuthenticationFailed', 'CredentialsProviderError'])

function field(err: object, name: string): unknown {
  return (err as Record<string, unknown>)[name]
}

/** HTTP status carried by an AWS, Google or Azure SDK error, if any. */
export function httpStatusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const meta = field(err, '$metadata')
  const candidates = [
    typeof meta === 'object' && meta !== null ? field(meta, 'httpStatusCode') : undefined,
    field(err, 'statusCode'),
    field(err, 'code'),
    field(err, 'status'),
  ]
  for (const c of candidates) if (typeof c === 'number' && c >= 100 && c < 600) return c
  return undefined
}

function netCodeOf(err: object): string | undefined {
  const code = field(err, 'code')
  if (typeof code === 'string') return code
  const cause = field(err, 'cause')
  return typeof cause === 'object' && cause !== null ? netCodeOf(cause) : undefined
}

/**
 * Classifies an SDK error: 401/403 and credential errors are `auth`, 404 `not-found`,
 * 408/429/5xx and connection failures `transient`, everything else `permanent`.
 * Coded RivetErrors are never retried.
 */
export function classifyFailure(err: unknown): FailureKind {
  if (err instanceof RivetError) return 'permanent'
  if (typeof err !== 'object' || err === null) return 'permanent'
  const status = httpStatusOf(err)
  const name = field(err, 'name')
  if (status === 401 || status === 403 || (typeof name === 'string' && AUTH_NAMES.has(name))) return 'auth'
  if (status === 404) return 'not-found'
  if (status !== undefined) return status === 408 || status === 429 || status >= 500 ? 'transient' : 'permanent'
  const code = netCodeOf(err)
  if (code !== undefined && TRANSIENT_NET_CODES.has(code)) return 'transient'
  if (typeof name === 'string' && TRANSIENT_NAMES.has(name)) return 'transient'
  const message = field(err, 'message')
  return typeof message === 'string' && /socket hang up|ECONNRESET|other side closed|premature close|network/i.test(message) ? 'transient' : 'permanent'
}
