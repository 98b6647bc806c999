import { assertSupported, withOverride } from '../type-mapping.js'
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
    return withOverride(c.name, native, overrides)
  })
}

/** Fails before anything is written, listing every unsupported column (Q-section). */
export function assertMssqlSupported(mappings: readonly TypeMapping[]): void {
  assertSupported(mappings, 'CAST(col AS nvarchar(max))')
}
