import { RivetError } from '../../errors/index.js'
import type { ColumnOverrides } from '../../plan/run-plan.js'
import type { TypeMapping } from '../source.js'
import { mapMysqlType, type MysqlColumnMeta } from './type-map.js'

/** mysql2 column definition (typed loosely by the driver) → the fields the mapping needs. */
export function columnMeta(field: unknown): MysqlColumnMeta {
  const f = field as Record<string, unknown>
  const num = (k: string): number => (typeof f[k] === 'number' ? f[k] : 0)
  const str = (k: string): string | undefined => (typeof f[k] === 'string' ? f[k] : undefined)
  return {
    name: str('name') ?? '',
    columnType: num('columnType'),
    flags: num('flags'),
    characterSet: num('characterSet'),
    columnLength: num('columnLength'),
    decimals: num('decimals'),
    extendedTypeName: str('extendedTypeName'),
    extendedFormat: str('extendedFormat'),
  }
}

/** Inferred mappings with `columns:` overrides applied (Q07). */
export function mysqlMappings(columns: readonly MysqlColumnMeta[], overrides: ColumnOverrides): TypeMapping[] {
  return columns.map((c) => {
    const native = mapMysqlType(c)
    const override = overrides.get(c.name)
    if (override !== undefined) return { name: c.name, nativeType: native.nativeType, type: override, fidelity: 'compatible', note: 'columns: override', overridden: true }
    return { name: c.name, nativeType: native.nativeType, type: native.type, fidelity: native.fidelity, note: native.note, overridden: false }
  })
}

/** Fails before anything is written, listing every unsupported column (Q-section). */
export function assertSupported(mappings: readonly TypeMapping[]): void {
  const bad = mappings.filter((m) => m.type.kind === 'unsupported')
  if (bad.length === 0) return
  const lines = bad.map((m) => `  - ${m.name}: ${m.nativeType}${m.type.kind === 'unsupported' ? ` (${m.type.reason})` : ''}`)
  throw new RivetError('RIVET_TYPE_UNSUPPORTED', `${bad.length} column(s) have no supported mapping:\n${lines.join('\n')}`, {
    hint: 'cast them in the query (e.g. `CAST(col AS CHAR)`) or add `columns:` overrides such as `amount: decimal(38,10)`',
    details: { columns: bad.map((m) => m.name) },
  })
}
