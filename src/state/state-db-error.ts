import { errorMessage, isRivetError, RivetError, type RetryClass } from '../errors/index.js'
import { redactSecrets } from '../redact/index.js'

const TRANSIENT: RetryClass = Object.freeze({ kind: 'transient', reconnect: false, extraDelayMs: 0 })

/**
 * Wraps a driver failure of a state statement in a RivetError. `transient` comes from
 * the backend's own classification (SQLite result code, PostgreSQL SQLSTATE / errno).
 * A RivetError (for example one thrown inside a transaction body) passes through as is.
 */
export function stateDbError(
  code: 'RIVET_STATE_READ' | 'RIVET_STATE_WRITE' | 'RIVET_STATE_OPEN',
  what: string,
  err: unknown,
  transient: boolean,
): RivetError {
  if (isRivetError(err)) return err
  return new RivetError(code, `state: ${what}: ${redactSecrets(errorMessage(err))}`, {
    cause: err,
    ...(transient
      ? { retry: TRANSIENT, hint: 'another rivet process may be holding the state database; retry when it finishes' }
      : {}),
  })
}

/** The `code` property drivers put on their errors (SQLite result code, SQLSTATE, errno name). */
export function driverCode(err: unknown): string | undefined {
  if (err === null || typeof err !== 'object' || !('code' in err)) return undefined
  const code = err.code
  return typeof code === 'string' ? code : undefined
}
