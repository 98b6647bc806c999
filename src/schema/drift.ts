import { RivetError } from '../errors/index.js'
import type { SchemaColumn } from '../state/state-store.js'

/** Structural difference between the stored schema snapshot and this run's (P01). */
export interface SchemaDiff {
  /** Names in the current schema that the snapshot lacks, in current order. */
  readonly added: string[]
  /** Names in the snapshot that the current schema lacks, in snapshot order. */
  readonly removed: string[]
  /** Columns present in both whose Arrow type label changed, in current order. */
  readonly retyped: { name: string; from: string; to: string }[]
}

export function compareSchemas(stored: readonly SchemaColumn[], current: readonly SchemaColumn[]): SchemaDiff {
  const before = new Map(stored.map((c) => [c.name, c.type]))
  const now = new Set(current.map((c) => c.name))
  const added: string[] = []
  const retyped: { name: string; from: string; to: string }[] = []
  for (const c of current) {
    const old = before.get(c.name)
    if (old === undefined) added.push(c.name)
    else if (old !== c.type) retyped.push({ name: c.name, from: old, to: c.type })
  }
  const removed = stored.filter((c) => !now.has(c.name)).map((c) => c.name)
  return { added, removed, retyped }
}

export function hasDrift(diff: SchemaDiff): boolean {
  return diff.added.length > 0 || diff.removed.length > 0 || diff.retyped.length > 0
}

/** The `on_schema_drift: fail` message (upstream wording). */
export function driftMessage(exportName: string, diff: SchemaDiff): string {
  return (
    `schema drift detected for export '${exportName}': ${diff.added.length} column(s) added, ` +
    `${diff.removed.length} removed, ${diff.retyped.length} retyped — ` +
    'set `on_schema_drift: warn` to accept, or fix the schema mismatch'
  )
}

/** `on_schema_drift: fail` (exit 4). The stored snapshot must stay as it was so reruns fail too. */
export function schemaDriftError(exportName: string, diff: SchemaDiff): RivetError {
  return new RivetError('RIVET_SCHEMA_DRIFT', driftMessage(exportName, diff), {
    hint: `changes: ${driftChangeLines(diff).join(', ')}; accept them with \`on_schema_drift: warn\` (or \`continue\`), or restore the previous columns in the query`,
    details: {
      export: exportName,
      added: [...diff.added],
      removed: [...diff.removed],
      retyped: diff.retyped.map((r) => ({ name: r.name, from: r.from, to: r.to })),
    },
  })
}

/** One short line per change for the run journal and summaries: `+col`, `-col`, `col Old→New`. */
export function driftChangeLines(diff: SchemaDiff): string[] {
  return [...diff.added.map((c) => `+${c}`), ...diff.removed.map((c) => `-${c}`), ...diff.retyped.map((r) => `${r.name} ${r.from}→${r.to}`)]
}

/**
 * The log lines for `on_schema_drift: warn` (and the detail lines logged before a `fail`):
 * a headline, then `  added: …`, `  removed: …` and one `  type changed: c (A → B)` each.
 */
export function driftLogLines(exportName: string, diff: SchemaDiff): string[] {
  const lines = [`export '${exportName}': schema changed!`]
  if (diff.added.length > 0) lines.push(`  added: ${diff.added.join(', ')}`)
  if (diff.removed.length > 0) lines.push(`  removed: ${diff.removed.join(', ')}`)
  for (const r of diff.retyped) lines.push(`  type changed: ${r.name} (${r.from} → ${r.to})`)
  return lines
}
