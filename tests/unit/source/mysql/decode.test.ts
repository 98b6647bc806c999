import { type RecordBatch, Schema } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { BatchBuilder, createColumnBuilder } from '../../../../src/batch/index.js'
import { bitsToBigInt, mysqlDecoder, type MysqlValue } from '../../../../src/source/mysql/decode.js'
import { parseMysqlDate, parseMysqlDateTime, parseMysqlTime } from '../../../../src/source/mysql/temporal-text.js'
import { arrowField, type RivetType } from '../../../../src/types/index.js'
import { columnValues } from './arrow-values.js'

/** Decodes driver values into one column and returns them as comparable values. */
function decode(type: RivetType, values: (MysqlValue | null)[], maxValueBytes?: number): unknown[] {
  const builder = createColumnBuilder(type)
  const batch = new BatchBuilder(new Schema([arrowField('c', type, { nativeType: 'x', fidelity: 'exact' })]), [builder])
  const dec = mysqlDecoder(builder, { column: 'c', maxValueBytes })
  for (const v of values) {
    if (v === null) builder.appendNull()
    else dec(v)
    batch.endRow()
  }
  const rb: RecordBatch = batch.finish()
  return columnValues(rb, 'c')
}

describe('mysqlDecoder', () => {
  it('keeps BIGINT UNSIGNED and signed extremes exact', () => {
    expect(decode({ kind: 'uint64' }, ['18446744073709551615', '0', null])).toEqual(['18446744073709551615', '0', null])
    expect(decode({ kind: 'int64' }, ['-9223372036854775808', 4294967295, '00000000000000000042'])).toEqual(['-9223372036854775808', '4294967295', '42'])
  })

  it('decodes DECIMAL text exactly, including Decimal256 and zerofill', () => {
    expect(decode({ kind: 'decimal', precision: 65, scale: 30 }, ['-12345678901234567890123456789012345.123456789012345678901234567891'])).toEqual([
      '-12345678901234567890123456789012345.123456789012345678901234567891',
    ])
    expect(decode({ kind: 'decimal', precision: 8, scale: 2 }, ['000012.50'])).toEqual(['12.50'])
  })

  it('BIT values are big-endian', () => {
    expect(bitsToBigInt(Buffer.from([0x0a, 0xaa]))).toBe(2730n)
    expect(decode({ kind: 'int64' }, [Buffer.from([0x0a, 0xaa])])).toEqual(['2730'])
    expect(decode({ kind: 'bool' }, [Buffer.from([1]), Buffer.from([0]), 1, 0])).toEqual([true, false, true, false])
  })

  it('rejects integers that do not fit the target, naming the column', () => {
    expect(() => decode({ kind: 'int16' }, [40000])).toThrow(/column 'c'/)
    expect(() => decode({ kind: 'int64' }, [Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])])).toThrow(/column 'c'.*int64/)
  })

  it('temporal text: dates, µs timestamps (BigInt range), zero dates → NULL', () => {
    expect(decode({ kind: 'date' }, ['1970-01-02', '0000-00-00', '1969-12-31'])).toEqual([1, null, -1])
    expect(decode({ kind: 'timestamp', unit: 'microsecond', timezone: null }, ['1970-01-01 00:00:01.5', '9999-12-31 23:59:59.999999', '0000-00-00 00:00:00'])).toEqual([
      '1500000',
      '253402300799999999',
      null,
    ])
    expect(decode({ kind: 'time', unit: 'microsecond' }, ['23:59:59.999999', '00:00:00'])).toEqual(['86399999999', '0'])
  })

  it('TIME outside one day fails rather than being stored as a wrong time of day', () => {
    expect(() => decode({ kind: 'time', unit: 'microsecond' }, ['-00:00:01'])).toThrow(/column 'c'.*-00:00:01/)
    expect(() => decode({ kind: 'time', unit: 'microsecond' }, ['838:59:59'])).toThrow(/outside/)
    expect(decode({ kind: 'string' }, ['838:59:59'])).toEqual(['838:59:59'])
  })

  it('parsers refuse malformed text and keep years below 100 literal', () => {
    expect(parseMysqlDate('2024-02-30')).toBeUndefined()
    expect(parseMysqlDate('0001-01-01')).toBe(-719162)
    expect(parseMysqlDateTime('2024-01-01 24:00:00')).toBeUndefined()
    expect(parseMysqlTime('-838:59:59.000001')).toBe(-(838 * 3600 + 59 * 60 + 59) * 1e6 - 1)
    expect(parseMysqlTime('12:60:00')).toBeUndefined()
  })

  it('binary stays bytes; text from a binary value decodes as UTF-8', () => {
    expect(decode({ kind: 'binary' }, [Buffer.from([0, 255]), 'ab'])).toEqual(['00ff', '6162'])
    expect(decode({ kind: 'string' }, [Buffer.from('🦀', 'utf8'), 42])).toEqual(['🦀', '42'])
  })

  it('enforces the per-value ceiling with RIVET_VALUE_TOO_LARGE', () => {
    let err: unknown
    try {
      decode({ kind: 'string' }, ['x'.repeat(2048)], 1024)
    } catch (e) {
      err = e
    }
    expect(err).toMatchObject({ code: 'RIVET_VALUE_TOO_LARGE' })
    expect(() => decode({ kind: 'binary' }, [Buffer.alloc(2048)], 1024)).toThrow(/column 'c'/)
    expect(decode({ kind: 'string' }, ['x'.repeat(1000)], 1024)).toHaveLength(1)
  })
})
