import { RivetError } from '../../errors/index.js'
import type { ColumnOverrides } from '../../plan/run-plan.js'
import type { TypeMapping } from '../source.js'
import { mapMssqlType, type MssqlColumnMeta } from './type-map.js'

/** tedious `ColumnMetadata` (typed loosely here) → the fields the mapping needs. */
export function mssqlColumnMeta(meta: unknown): MssqlColumnMeta {
  const m = meta as { colName?: unknown; type?: { name?: unknown }; precision?: unknown; scale?: unknown; dataLength?: unknown }
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined)
  return {
    name: typeof m.colName === 'string' ? m.colName : '',
    typeName: typeof m.type?.name === 'string' ? m.type.name : 'unknown',
    precision: num(m.precision),
    scale: num(m.scale),
    dataLength: num(m.dataLength),
  }
}

export function mssqlMappings(columns: readonly MssqlColumnMeta[], overrides: ColumnOverrides): TypeMapping[] {
  return columns.map((c) => {
    const native = mapMssqlType(c)
    const override = overrides.get(c.name)
    if (override !== undefined) return { name: c.name, nativeType: native.nativeType, type: override, fidelity: 'compatible', note: 'columns: override', overridden: true }
    return { name: c.name, nativeType: native.nativeType, type: native.type, fidelity: native.fidelity, note: native.note, overridden: false }
  })
}

/** Fails before anything is written, listing every unsupported column (Q-section). */
export function assertMssqlSupported(mappings: readonly TypeMapping[]): void {
  const bad = mappings.filter((m) => m.type.kind === 'unsupported')
  if (bad.length === 0) return
  const lines = bad.map((m) => `  - ${m.name}: ${m.nativeType}${m.type.kind === 'unsupported' ? ` (${m.type.reason})` : ''}`)
  throw new RivetError('RIVET_TYPE_UNSUPPORTED', `${bad.length} column(s) have no supported mapping:\n${lines.join('\n')}`, {
    hint: 'cast them in the query (e.g. `CAST(col AS nvarchar(max))`) or add `columns:` overrides such as `amount: decimal(38,10)`',
    details: { columns: bad.map((m) => m.name) },
  })
}
