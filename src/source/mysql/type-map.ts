import type { Fidelity, RivetType } from '../../types/index.js'

/** The parts of a MySQL column definition packet that decide the Arrow type (Q02). */
export interface MysqlColumnMeta {
  readonly name: string
  /** Protocol type code (`MYSQL_TYPE_*`). */
  readonly columnType: number
  readonly flags: number
  /** Collation id; 63 is `binary`. */
  readonly characterSet: number
  /** Display width (integers, BIT bits, DECIMAL digits + sign + point) or byte length. */
  readonly columnLength: number
  readonly decimals: number
  /** MariaDB extended metadata: data type name (`uuid`, `inet6`, …) and format (`json`). */
  readonly extendedTypeName?: string | undefined
  readonly extendedFormat?: string | undefined
}

/** Protocol type codes (include/mysql_com.h `enum_field_types`). */
export const MYSQL_TYPE = {
  DECIMAL: 0, TINY: 1, SHORT: 2, LONG: 3, FLOAT: 4, DOUBLE: 5, NULL: 6, TIMESTAMP: 7, LONGLONG: 8, INT24: 9,
  DATE: 10, TIME: 11, DATETIME: 12, YEAR: 13, NEWDATE: 14, VARCHAR: 15, BIT: 16, TIMESTAMP2: 17, DATETIME2: 18, TIME2: 19,
  VECTOR: 242, JSON: 245, NEWDECIMAL: 246, ENUM: 247, SET: 248, TINY_BLOB: 249, MEDIUM_BLOB: 250, LONG_BLOB: 251, BLOB: 252,
  VAR_STRING: 253, STRING: 254, GEOMETRY: 255,
} as const

export const MYSQL_FLAG = { UNSIGNED: 32, ZEROFILL: 64, BINARY: 128, ENUM: 256, SET: 2048 } as const
export const BINARY_CHARSET = 63

export interface MysqlColumnType {
  readonly nativeType: string
  readonly type: RivetType
  readonly fidelity: Fidelity
  readonly note: string | undefined
}

const US = 'microsecond'

function typed(nativeType: string, type: RivetType, fidelity: Fidelity = 'exact', note?: string): MysqlColumnType {
  return { nativeType, type, fidelity, note }
}

function unsupported(nativeType: string, reason: string): MysqlColumnType {
  return typed(nativeType, { kind: 'unsupported', nativeType, reason }, 'unsupported', 'cast it in the query (e.g. `CAST(col AS CHAR)`) or add a `columns:` override')
}

/**
 * DECIMAL precision from the wire: the display width counts the digits, one for the
 * point when scale > 0 and one for the sign unless UNSIGNED. Undefined when the
 * arithmetic gives no valid precision (some expressions).
 */
export function decimalPrecision(columnLength: number, scale: number, unsigned: boolean): number | undefined {
  const p = columnLength - (scale > 0 ? 1 : 0) - (unsigned ? 0 : 1)
  return p >= 1 && p <= 76 && scale <= p ? p : undefined
}

/** Column definition → rivet type (Q02). Pure; unit-tested with hand-built metadata. */
export function mapMysqlType(c: MysqlColumnMeta): MysqlColumnType {
  const unsigned = (c.flags & MYSQL_FLAG.UNSIGNED) !== 0
  const u = unsigned ? ' unsigned' : ''
  const binary = c.characterSet === BINARY_CHARSET
  if (c.extendedFormat === 'json') return typed('json', { kind: 'json' }, 'logical_string', 'JSON text verbatim')
  if (c.extendedTypeName === 'uuid') return typed('uuid', { kind: 'uuid' })
  switch (c.columnType) {
    case MYSQL_TYPE.TINY:
      // TINYINT(1) is MySQL's BOOL/BOOLEAN.
      return c.columnLength === 1 ? typed(`tinyint(1)${u}`, { kind: 'bool' }, 'compatible', 'tinyint(1) read as boolean') : typed(`tinyint${u}`, { kind: 'int16' })
    case MYSQL_TYPE.SHORT:
      return unsigned ? typed('smallint unsigned', { kind: 'int32' }) : typed('smallint', { kind: 'int16' })
    case MYSQL_TYPE.INT24:
      return unsigned ? typed('mediumint unsigned', { kind: 'int64' }) : typed('mediumint', { kind: 'int32' })
    case MYSQL_TYPE.LONG:
      return unsigned ? typed('int unsigned', { kind: 'int64' }) : typed('int', { kind: 'int32' })
    case MYSQL_TYPE.LONGLONG:
      return unsigned ? typed('bigint unsigned', { kind: 'uint64' }) : typed('bigint', { kind: 'int64' })
    case MYSQL_TYPE.FLOAT:
      return typed('float', { kind: 'float32' })
    case MYSQL_TYPE.DOUBLE:
      return typed('double', { kind: 'float64' })
    case MYSQL_TYPE.DECIMAL:
    case MYSQL_TYPE.NEWDECIMAL: {
      const p = decimalPrecision(c.columnLength, c.decimals, unsigned)
      if (p === undefined) return unsupported(`decimal${u}`, 'precision/scale could not be derived from the column metadata')
      return typed(`decimal(${p},${c.decimals})${u}`, { kind: 'decimal', precision: p, scale: c.decimals })
    }
    case MYSQL_TYPE.DATE:
    case MYSQL_TYPE.NEWDATE:
      return typed('date', { kind: 'date' })
    case MYSQL_TYPE.TIME:
    case MYSQL_TYPE.TIME2:
      return typed('time', { kind: 'time', unit: US }, 'exact', 'values outside 00:00:00–23:59:59.999999 fail the export; override with `string`')
    case MYSQL_TYPE.DATETIME:
    case MYSQL_TYPE.DATETIME2:
      return typed('datetime', { kind: 'timestamp', unit: US, timezone: null })
    case MYSQL_TYPE.TIMESTAMP:
    case MYSQL_TYPE.TIMESTAMP2:
      return typed('timestamp', { kind: 'timestamp', unit: US, timezone: 'UTC' }, 'exact', 'read with session time_zone +00:00')
    case MYSQL_TYPE.YEAR:
      return typed('year', { kind: 'int16' })
    case MYSQL_TYPE.BIT:
      return c.columnLength === 1 ? typed('bit(1)', { kind: 'bool' }) : typed(`bit(${c.columnLength})`, { kind: 'int64' })
    case MYSQL_TYPE.JSON:
      return typed('json', { kind: 'json' }, 'logical_string', 'JSON text verbatim')
    case MYSQL_TYPE.ENUM:
      return typed('enum', { kind: 'enum' }, 'logical_string', 'enum label as text')
    case MYSQL_TYPE.SET:
      return typed('set', { kind: 'enum' }, 'logical_string', 'set members as comma-separated text')
    case MYSQL_TYPE.VARCHAR:
    case MYSQL_TYPE.VAR_STRING:
    case MYSQL_TYPE.STRING:
      if ((c.flags & MYSQL_FLAG.ENUM) !== 0) return typed('enum', { kind: 'enum' }, 'logical_string', 'enum label as text')
      if ((c.flags & MYSQL_FLAG.SET) !== 0) return typed('set', { kind: 'enum' }, 'logical_string', 'set members as comma-separated text')
      if (binary) return typed(c.columnType === MYSQL_TYPE.STRING ? 'binary' : 'varbinary', { kind: 'binary' })
      return typed(c.columnType === MYSQL_TYPE.STRING ? 'char' : 'varchar', { kind: 'string' })
    case MYSQL_TYPE.TINY_BLOB:
    case MYSQL_TYPE.MEDIUM_BLOB:
    case MYSQL_TYPE.LONG_BLOB:
    case MYSQL_TYPE.BLOB:
      return binary ? typed('blob', { kind: 'binary' }) : typed('text', { kind: 'string' })
    case MYSQL_TYPE.GEOMETRY:
      return unsupported(c.extendedTypeName ?? 'geometry', 'spatial types have no rivet mapping')
    case MYSQL_TYPE.VECTOR:
      return unsupported('vector', 'vector types have no rivet mapping')
    case MYSQL_TYPE.NULL:
      return unsupported('null', 'an untyped NULL expression has no type')
    default:
      return unsupported(`type ${c.columnType}`, 'no rivet mapping for this MySQL type')
  }
}
