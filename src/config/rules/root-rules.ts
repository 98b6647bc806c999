import { mergeTuningConfig } from '../../tuning/merge.js'
import type { TuningConfig } from '../schema/tuning.js'
import type { Report } from './report.js'

interface RootFields {
  readonly source: { readonly tuning?: TuningConfig | undefined }
  readonly exports: readonly { readonly name: string; readonly tuning?: TuningConfig | undefined }[]
}

/** A tuning block the merge can read: absent or a mapping (other shapes are reported by the schema). */
function tuningShaped(t: unknown): boolean {
  return t === undefined || (typeof t === 'object' && t !== null && !Array.isArray(t))
}

/** Rules that span sections: unique names (C14) and the merged-tuning exclusivity (E02). */
export function checkRoot(c: RootFields, report: Report): void {
  const seen = new Set<string>()
  c.exports.forEach((e, i) => {
    if (typeof e.name !== 'string') return // reported by the schema
    if (seen.has(e.name)) {
      report(['exports', i, 'name'], `duplicate export name '${e.name}' (each export must have a unique name; state is keyed by name)`)
    }
    seen.add(e.name)
    const own = (t: TuningConfig | undefined): boolean => t?.batch_size !== undefined && t.batch_size_memory_mb !== undefined
    if (!tuningShaped(c.source.tuning) || !tuningShaped(e.tuning) || own(c.source.tuning) || own(e.tuning)) return
    const merged = mergeTuningConfig(c.source.tuning, e.tuning)
    if (merged?.batch_size !== undefined && merged.batch_size_memory_mb !== undefined) {
      report(
        ['exports', i, 'tuning'],
        'effective tuning has both batch_size and batch_size_memory_mb (mutually exclusive) after merging source.tuning',
        'set only one of them across `source.tuning` and this export\'s `tuning`',
      )
    }
  })
}
