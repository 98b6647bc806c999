import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The installed package's root directory and version. Found by walking up from this file,
 * so it works from `src/` (tests) and from `dist/src/` (the built CLI) alike.
 */
export interface PackageInfo {
  readonly root: string
  readonly name: string
  readonly version: string
}

let cached: PackageInfo | undefined

export function packageInfo(): PackageInfo {
  if (cached !== undefined) return cached
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(dir, 'package.json')
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown; version?: unknown }
      if (pkg.name === 'rivet-cli' && typeof pkg.version === 'string') {
        cached = { root: dir, name: pkg.name, version: pkg.version }
        return cached
      }
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error('rivet-cli package.json not found above ' + fileURLToPath(import.meta.url))
    dir = parent
  }
}
