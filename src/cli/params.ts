import { logger } from '../log/index.js'

/**
 * `-p/--param KEY=VALUE` (B02): split on the first `=`, a later duplicate wins, an item
 * without `=` is ignored with a WARN.
 */
export function parseParams(items: readonly string[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const item of items) {
    const eq = item.indexOf('=')
    if (eq <= 0) {
      logger('rivet::cli').warn(`--param '${item}' ignored: expected KEY=VALUE`)
      continue
    }
    out.set(item.slice(0, eq), item.slice(eq + 1))
  }
  return out
}
