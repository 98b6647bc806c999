import type { Fidelity, RivetType } from '../../types/index.js'

/** The parts of tedious' column metadata that decide the Arrow type (Q03). */
export interface MssqlColumnMeta {
  readonly name: string
  /** tedious data type name: `Int`, `IntN`, `DecimalN`, `DateTime2`, `UniqueIdentifier`, … */
  readonly typeName: string
  readonly precision: number | undefined
  readonly scale: number | undefined
  /** Byte length; tells the nullable `…N` wire types apart (IntN 1/2/4/8, FloatN 4/8, …). */
  readonly dataLength: number | undefined
  /** The statement selects this numeric column as exact text (exact-numeric.ts), not as a double. */
  readonly asText?: boolean
}

export interface MssqlColumnType {
  readonly nativeType: string
  readonly type: RivetType
  readonly fidelity: Fidelity
  readonly note: string | undefined
}

const US = 'microsecond'

function typed(nativeType: string, type: RivetType, fidelity: Fidelity = 'exact', note?: string): MssqlColumnType {
  return { nativeType, type, fidelity, note }
}

function unsupported(nativeType: string, reason: string): MssqlColumnType {
  return typed(nativeType, { kind: 'unsupported', nativeType, reason }, 'unsupported', 'cast it in the query (e.g. `CAST(col AS nvarchar(max))`) or add a `columns:` override')
}

/** The driver hands DECIMAL/NUMERIC over as a double: exact only up to 15 significant digits. */
export const EXACT_DOUBLE_DIGITS = 15

/**
 * Wider columns are exact when the statement selects them as text (the normal case); as a
 * double, only when the result could not be described or rewritten (exact-numeric.ts).
 */
function decimal(name: string, precision: number, scale: number, asText: boolean): MssqlColumnType {
  const nativeType = `${name}(${precision},${scale})`
  const type: RivetType = { kind: 'decimal', precision, scale }
  if (precision <= EXACT_DOUBLE_DIGITS || asText) return typed(nativeType, type)
  return typed(nativeType, type, 'lossy', 'delivered as a double (15 significant digits): the statement could not be rewritten to select it as text')
}

/** As a double, exact only while |value| < 2^51 / 10^4 (about ±225 billion). */
function money(asText: boolean): MssqlColumnType {
  const type: RivetType = { kind: 'decimal', precision: 19, scale: 4 }
  if (asText) return typed('money', type)
  return typed('money', type, 'lossy', 'delivered as a double: exact only up to about ±225 billion (the statement could not be rewritten to select it as text)')
}

/** tedious column metadata → rivet type (Q03). Pure; unit-tested with hand-built metadata. */
export function mapMssqlType(c: MssqlColumnMeta): MssqlColumnType {
  const len = c.dataLength ?? 0
  switch (c.typeName) {
    case 'Bit':
    case 'BitN':
      return typed('bit', { kind: 'bool' })
    case 'TinyInt':
      return typed('tinyint', { kind: 'int16' })
    case 'SmallInt':
      return typed('smallint', { kind: 'int16' })
    case 'Int':
      return typed('int', { kind: 'int32' })
    case 'BigInt':
      return typed('bigint', { kind: 'int64' })
    case 'IntN':
      if (len === 1) return typed('tinyint', { kind: 'int16' })
      if (len === 2) return typed('smallint', { kind: 'int16' })
      if (len === 4) return typed('int', { kind: 'int32' })
      return typed('bigint', { kind: 'int64' })
    case 'Real':
      return typed('real', { kind: 'float32' })
    case 'Float':
      return typed('float', { kind: 'float64' })
    case 'FloatN':
      return len === 4 ? typed('real', { kind: 'float32' }) : typed('float', { kind: 'float64' })
    case 'Money':
      return money(c.asText === true)
    case 'SmallMoney':
      return typed('smallmoney', { kind: 'decimal', precision: 10, scale: 4 })
    case 'MoneyN':
      return len === 4 ? typed('smallmoney', { kind: 'decimal', precision: 10, scale: 4 }) : money(c.asText === true)
    case 'Decimal':
    case 'DecimalN':
    case 'Numeric':
    case 'NumericN': {
      const name = c.typeName.startsWith('Decimal') ? 'decimal' : 'numeric'
      if (c.precision === undefined || c.scale === undefined || c.precision < 1 || c.precision > 38) return unsupported(name, 'precision/scale missing from the column metadata')
      return decimal(name, c.precision, c.scale, c.asText === true)
    }
    case 'UniqueIdentifier':
      return typed('uniqueidentifier', { kind: 'uuid' })
    case 'Char':
    case 'VarChar':
    case 'NChar':
    case 'NVarChar':
    case 'Text':
    case 'NText':
      return typed(c.typeName.toLowerCase(), { kind: 'string' })
    case 'Binary':
    case 'VarBinary':
    case 'Image':
      return typed(c.typeName.toLowerCase(), { kind: 'binary' })
    case 'Date':
      return typed('date', { kind: 'date' })
    case 'Time':
      return typed(`time(${c.scale ?? 7})`, { kind: 'time', unit: US }, (c.scale ?? 7) > 6 ? 'compatible' : 'exact', (c.scale ?? 7) > 6 ? '100 ns ticks truncated to µs' : undefined)
    case 'DateTime':
      return typed('datetime', { kind: 'timestamp', unit: US, timezone: null })
    case 'SmallDateTime':
      return typed('smalldatetime', { kind: 'timestamp', unit: US, timezone: null })
    case 'DateTimeN':
      return typed(len === 4 ? 'smalldatetime' : 'datetime', { kind: 'timestamp', unit: US, timezone: null })
    case 'DateTime2':
      return typed(`datetime2(${c.scale ?? 7})`, { kind: 'timestamp', unit: US, timezone: null }, (c.scale ?? 7) > 6 ? 'compatible' : 'exact', (c.scale ?? 7) > 6 ? '100 ns ticks truncated to µs' : undefined)
    case 'DateTimeOffset':
      return typed(`datetimeoffset(${c.scale ?? 7})`, { kind: 'timestamp', unit: US, timezone: 'UTC' }, 'compatible', 'normalised to the UTC instant; the offset is not kept')
    default:
      return unsupported(c.typeName.toLowerCase(), 'no rivet mapping for this SQL Server type')
  }
}
