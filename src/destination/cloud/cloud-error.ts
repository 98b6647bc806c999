import { RivetError } from '../../errors/index.js'
import { classifyFailure } from './failure-kind.js'

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message !== '' ? err.message : err.name
  return String(err)
}

/**
 * Maps a store failure to a coded error: refused credentials → RIVET_DEST_AUTH, anything
 * else → RIVET_DEST_WRITE. Coded errors pass through untouched.
 */
export function toDestinationError(err: unknown, label: string, action: string, authHint: string): RivetError {
  if (err instanceof RivetError) return err
  const detail = messageOf(err)
  switch (classifyFailure(err)) {
    case 'auth':
      return new RivetError('RIVET_DEST_AUTH', `${label} destination: ${action} was refused (${detail})`, { hint: authHint, cause: err })
    case 'transient':
      return new RivetError('RIVET_DEST_WRITE', `${label} destination: ${action} failed after retries (${detail})`, {
        hint: 'the store or the network kept failing; check connectivity and the store status, then rerun',
        retry: { kind: 'transient', reconnect: false, extraDelayMs: 0 },
        cause: err,
      })
    case 'not-found':
      return new RivetError('RIVET_DEST_WRITE', `${label} destination: ${action} failed: not found (${detail})`, {
        hint: 'check that `destination.bucket` exists and the `endpoint`/`region` point at the right store',
        cause: err,
      })
    case 'permanent':
      return new RivetError('RIVET_DEST_WRITE', `${label} destination: ${action} failed (${detail})`, {
        hint: 'check `destination.bucket`, `prefix` and `endpoint`',
        cause: err,
      })
  }
}
