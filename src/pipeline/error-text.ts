import { RivetError, errorMessage } from '../errors/index.js'

/** The message followed by every distinct cause message, joined with `: ` (A03). */
export function fullMessageOf(err: unknown): string {
  const parts: string[] = []
  const seen = new Set<unknown>()
  let current: unknown = err
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current)
    const msg = errorMessage(current).trim()
    if (msg !== '' && !parts.some((p) => p.includes(msg))) parts.push(msg)
    current = current instanceof Error ? current.cause : undefined
  }
  return parts.join(': ')
}

/** Any thrown value as an Error (a non-Error throw becomes RIVET_UNCLASSIFIED). */
export function asError(err: unknown): Error {
  return err instanceof Error ? err : new RivetError('RIVET_UNCLASSIFIED', errorMessage(err))
}
