import { assertSupported as assertAllSupported, withOverride } from '../type-mapping.js'
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
    return withOverride(c.name, native, overrides)
  })
}

/** Fails before anything is written, listing every unsupported column (Q-section). */
export function assertSupported(mappings: readonly TypeMapping[]): void {
  assertAllSupported(mappings, 'CAST(col AS CHAR)')
}
