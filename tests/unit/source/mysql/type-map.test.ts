import { describe, expect, it } from 'vitest'
import { decimalPrecision, mapMysqlType, MYSQL_FLAG, MYSQL_TYPE, type MysqlColumnMeta } from '../../../../src/source/mysql/type-map.js'

const UTF8MB4 = 45
function col(columnType: number, extra: Partial<MysqlColumnMeta> = {}): MysqlColumnMeta {
  return { name: 'c', columnType, flags: 0, characterSet: UTF8MB4, columnLength: 11, decimals: 0, ...extra }
}
const U = MYSQL_FLAG.UNSIGNED

describe('mapMysqlType (Q02)', () => {
  it.each([
    ['tinyint(1) → bool', col(MYSQL_TYPE.TINY, { columnLength: 1 }), 'bool'],
    ['tinyint → int16', col(MYSQL_TYPE.TINY, { columnLength: 4 }), 'int16'],
    ['tinyint unsigned → int16', col(MYSQL_TYPE.TINY, { columnLength: 3, flags: U }), 'int16'],
    ['smallint → int16', col(MYSQL_TYPE.SHORT), 'int16'],
    ['smallint unsigned → int32', col(MYSQL_TYPE.SHORT, { flags: U }), 'int32'],
    ['mediumint → int32', col(MYSQL_TYPE.INT24), 'int32'],
    ['mediumint unsigned → int64', col(MYSQL_TYPE.INT24, { flags: U }), 'int64'],
    ['int → int32', col(MYSQL_TYPE.LONG), 'int32'],
    ['int unsigned → int64', col(MYSQL_TYPE.LONG, { flags: U }), 'int64'],
    ['bigint → int64', col(MYSQL_TYPE.LONGLONG), 'int64'],
    ['bigint unsigned → uint64', col(MYSQL_TYPE.LONGLONG, { flags: U }), 'uint64'],
    ['float → float32', col(MYSQL_TYPE.FLOAT), 'float32'],
    ['double → float64', col(MYSQL_TYPE.DOUBLE), 'float64'],
    ['date → date', col(MYSQL_TYPE.DATE), 'date'],
    ['time → time', col(MYSQL_TYPE.TIME), 'time'],
    ['datetime → timestamp', col(MYSQL_TYPE.DATETIME), 'timestamp'],
    ['timestamp → timestamp', col(MYSQL_TYPE.TIMESTAMP), 'timestamp'],
    ['year → int16', col(MYSQL_TYPE.YEAR), 'int16'],
    ['bit(1) → bool', col(MYSQL_TYPE.BIT, { columnLength: 1, characterSet: 63 }), 'bool'],
    ['bit(12) → int64', col(MYSQL_TYPE.BIT, { columnLength: 12, characterSet: 63 }), 'int64'],
    ['varchar → string', col(MYSQL_TYPE.VAR_STRING), 'string'],
    ['char → string', col(MYSQL_TYPE.STRING), 'string'],
    ['varbinary (charset 63) → binary', col(MYSQL_TYPE.VAR_STRING, { characterSet: 63, flags: MYSQL_FLAG.BINARY }), 'binary'],
    ['binary (charset 63) → binary', col(MYSQL_TYPE.STRING, { characterSet: 63 }), 'binary'],
    ['text → string', col(MYSQL_TYPE.BLOB), 'string'],
    ['blob → binary', col(MYSQL_TYPE.BLOB, { characterSet: 63 }), 'binary'],
    ['enum flag → enum', col(MYSQL_TYPE.STRING, { flags: MYSQL_FLAG.ENUM }), 'enum'],
    ['set flag → enum', col(MYSQL_TYPE.STRING, { flags: MYSQL_FLAG.SET }), 'enum'],
    ['json (MySQL, charset 63) → json', col(MYSQL_TYPE.JSON, { characterSet: 63 }), 'json'],
    ['json (MariaDB longtext + extended format) → json', col(MYSQL_TYPE.BLOB, { extendedFormat: 'json' }), 'json'],
    ['MariaDB uuid → uuid', col(MYSQL_TYPE.STRING, { extendedTypeName: 'uuid' }), 'uuid'],
    ['geometry → unsupported', col(MYSQL_TYPE.GEOMETRY, { characterSet: 63 }), 'unsupported'],
    ['NULL literal → unsupported', col(MYSQL_TYPE.NULL), 'unsupported'],
  ])('%s', (_label, meta, kind) => {
    expect(mapMysqlType(meta).type.kind).toBe(kind)
  })

  it('timestamps carry UTC, datetimes are naive, both microseconds', () => {
    expect(mapMysqlType(col(MYSQL_TYPE.TIMESTAMP)).type).toEqual({ kind: 'timestamp', unit: 'microsecond', timezone: 'UTC' })
    expect(mapMysqlType(col(MYSQL_TYPE.DATETIME)).type).toEqual({ kind: 'timestamp', unit: 'microsecond', timezone: null })
  })

  it('derives decimal precision from the display width (sign and point removed)', () => {
    expect(mapMysqlType(col(MYSQL_TYPE.NEWDECIMAL, { columnLength: 67, decimals: 30 })).type).toEqual({ kind: 'decimal', precision: 65, scale: 30 })
    expect(mapMysqlType(col(MYSQL_TYPE.NEWDECIMAL, { columnLength: 11, decimals: 2, flags: U })).type).toEqual({ kind: 'decimal', precision: 10, scale: 2 })
    expect(mapMysqlType(col(MYSQL_TYPE.NEWDECIMAL, { columnLength: 11, decimals: 0 })).type).toEqual({ kind: 'decimal', precision: 10, scale: 0 })
    expect(decimalPrecision(1, 0, false)).toBeUndefined()
    expect(decimalPrecision(100, 0, false)).toBeUndefined()
    expect(mapMysqlType(col(MYSQL_TYPE.NEWDECIMAL, { columnLength: 1, decimals: 0 })).type.kind).toBe('unsupported')
  })

  it('names the native type for reports', () => {
    expect(mapMysqlType(col(MYSQL_TYPE.LONGLONG, { flags: U })).nativeType).toBe('bigint unsigned')
    expect(mapMysqlType(col(MYSQL_TYPE.NEWDECIMAL, { columnLength: 67, decimals: 30 })).nativeType).toBe('decimal(65,30)')
    expect(mapMysqlType(col(MYSQL_TYPE.BIT, { columnLength: 12 })).nativeType).toBe('bit(12)')
  })
})
