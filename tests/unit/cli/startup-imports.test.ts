import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Startup cost guard (#8): what a command loads before it does anything is decided by the
 * static imports reachable from its entry. Engines, formats' native parts, cloud SDKs and
 * state backends a run may not need must stay behind `await import()` at their point of use.
 * This walks the static graph of `src/` (type-only imports excluded: they are erased).
 */
const SRC = join(import.meta.dirname, '..', '..', '..', 'src')

// `import … from '…'`, `export … from '…'` and `import '…'`, but not `import type` / `export type`.
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type[\s{*])(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm

interface StaticGraph {
  /** Files of `src/`, relative to it, with `.ts`. */
  readonly files: ReadonlySet<string>
  /** npm packages (`pg`, `@aws-sdk/client-s3`); `node:` built-ins are left out. */
  readonly packages: ReadonlySet<string>
}

function staticGraph(entry: string): StaticGraph {
  const files = new Set<string>()
  const packages = new Set<string>()
  const pending = [join(SRC, entry)]
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    const rel = relative(SRC, file)
    if (files.has(rel)) continue
    files.add(rel)
    for (const match of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const spec = match[1] ?? ''
      if (spec.startsWith('.')) pending.push(sourceFileOf(file, spec))
      else if (!spec.startsWith('node:')) packages.add(packageName(spec))
    }
  }
  return { files, packages }
}

function sourceFileOf(from: string, spec: string): string {
  const ts = join(dirname(from), spec.replace(/\.js$/, '.ts'))
  if (!existsSync(ts)) throw new Error(`${relative(SRC, from)}: cannot resolve '${spec}'`)
  return ts
}

function packageName(spec: string): string {
  const parts = spec.split('/')
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec)
}

describe('startup imports', () => {
  it('sees through re-exports and skips type-only imports', () => {
    const graph = staticGraph('format/parquet/wasm.ts')
    expect(graph.packages.has('parquet-wasm')).toBe(false) // `import type` + createRequire on first use
    expect(staticGraph('config/index.ts').packages).toContain('yaml') // via `export … from './load.js'`
  })

  it('`rivet --help` / `--version` load commander and nothing else from npm', () => {
    expect([...staticGraph('cli/main.ts').packages]).toEqual(['commander'])
  })

  it('`rivet run` loads no engine, SDK or backend it may not use before it knows the config', () => {
    const graph = staticGraph('cli/actions/run.ts')
    const lazyPackages = ['pg', 'mysql2', 'tedious', 'better-sqlite3', 'parquet-wasm', '@aws-sdk/client-s3', '@aws-sdk/lib-storage', '@google-cloud/storage', '@azure/storage-blob', '@electric-sql/pglite', '@electric-sql/pglite-socket']
    expect(lazyPackages.filter((p) => graph.packages.has(p))).toEqual([])
    const lazyFiles = [...graph.files].filter((f) => /^(source\/(postgres|mysql|mssql)\/|state\/(sqlite|postgres)\/(?!state-url)|destination\/(local|stdout|s3|gcs|azure|cloud)\/|demo\/)/.test(f))
    expect(lazyFiles).toEqual([])
  })
})
