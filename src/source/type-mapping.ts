import { RivetError } from '../errors/index.js'
import type { ColumnOverrides } from '../plan/run-plan.js'
import type { Fidelity, RivetType } from '../types/index.js'
import type { TypeMapping } from './source.js'

/** What an engine's type map says about one column, before overrides. */
export interface NativeMapping {
  readonly nativeType: string
  readonly type: RivetType
  readonly fidelity: Fidelity
  readonly note: string | undefined
}

/** Applies a `columns:` override (C25/Q07) on top of the engine's own mapping. */
export function withOverride(name: string, native: NativeMapping, overrides: ColumnOverrides): TypeMapping {
  const override = overrides.get(name)
  if (override !== undefined) return { name, nativeType: native.nativeType, type: override, fidelity: 'compatible', note: 'columns: override', overridden: true }
  return { name, nativeType: native.nativeType, type: native.type, fidelity: native.fidelity, note: native.note, overridden: false }
}

/**
 * Fails before anything is written, listing EVERY unsupported column (Q-section).
 * `castExample` is the engine's spelling of a text cast for the hint.
 */
export function assertSupported(mappings: readonly TypeMapping[], castExample: string): void {
  const bad = mappings.filter((m) => m.type.kind === 'unsupported')
  if (bad.length === 0) return
  const lines = bad.map((m) => `  - ${m.name}: ${m.nativeType}${m.type.kind === 'unsupported' ? ` (${m.type.reason})` : ''}`)
  throw new RivetError('RIVET_TYPE_UNSUPPORTED', `${bad.length} column(s) have no supported mapping:\n${lines.join('\n')}`, {
    hint: `cast them in the query (e.g. \`${castExample}\`) or add \`columns:\` overrides such as \`amount: decimal(38,10)\``,
    details: { columns: bad.map((m) => m.name) },
  })
}
