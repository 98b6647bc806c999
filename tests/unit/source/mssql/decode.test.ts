import { Schema } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { BatchBuilder, createColumnBuilder } from '../../../../src/batch/index.js'
import { dateMicros, guidBytesToRfc4122, mssqlDecoder, numberToDecimalText, type MssqlValue } from '../../../../src/source/mssql/decode.js'
import { arrowField, type RivetType } from '../../../../src/types/index.js'
import { columnValues } from '../mysql/arrow-values.js'

function decode(type: RivetType, values: (MssqlValue | null)[], maxValueBytes?: number): unknown[] {
  const builder = createColumnBuilder(type)
  const batch = new BatchBuilder(new Schema([arrowField('c', type, { nativeType: 'x', fidelity: 'exact' })]), [builder])
  const dec = mssqlDecoder(builder, { column: 'c', maxValueBytes })
  for (const v of values) {
    if (v === null) builder.appendNull()
    else dec(v)
    batch.endRow()
  }
  return columnValues(batch.finish(), 'c')
}

/** A Date as tedious builds it for time/datetime2/datetimeoffset: ms + the sub-ms part in seconds. */
function tediousDate(ms: number, ticks100ns: number): Date {
  const d = new Date(ms)
  Object.defineProperty(d, 'nanosecondsDelta', { enumerable: false, value: ticks100ns / 1e7 })
  return d
}

describe('mssqlDecoder', () => {
  it('bit, integers, BIGINT text, floats', () => {
    expect(decode({ kind: 'bool' }, [true, false, null])).toEqual([true, false, null])
    expect(decode({ kind: 'int16' }, [255, -32768])).toEqual([255, -32768])
    expect(decode({ kind: 'int64' }, ['-9223372036854775808', '9223372036854775807'])).toEqual(['-9223372036854775808', '9223372036854775807'])
    expect(decode({ kind: 'float32' }, [1.5])).toEqual([1.5])
    expect(() => decode({ kind: 'int16' }, [40000])).toThrow(/column 'c'/)
  })

  it('money and decimals from the driver double, with exact 4-place money', () => {
    expect(decode({ kind: 'decimal', precision: 19, scale: 4 }, [922337203.5807, -0.0001, 1234.5])).toEqual(['922337203.5807', '-0.0001', '1234.5000'])
    expect(decode({ kind: 'decimal', precision: 10, scale: 4 }, [-214748.3648])).toEqual(['-214748.3648'])
    expect(decode({ kind: 'decimal', precision: 15, scale: 2 }, [9999999999999.99])).toEqual(['9999999999999.99'])
    // A varchar-cast value with a decimal override stays exact at any precision.
    expect(decode({ kind: 'decimal', precision: 38, scale: 10 }, ['1234567890123456789012345678.0123456789'])).toEqual(['1234567890123456789012345678.0123456789'])
    expect(numberToDecimalText(1e21, 2)).toBe('1000000000000000000000')
    expect(() => decode({ kind: 'decimal', precision: 19, scale: 4 }, [Number.NaN])).toThrow(/column 'c'/)
  })

  it('wide decimals and money delivered as CONVERT(varchar) text are exact at the bounds', () => {
    const dec3810 = { kind: 'decimal', precision: 38, scale: 10 } as const
    expect(decode(dec3810, ['9999999999999999999999999999.9999999999', '-9999999999999999999999999999.9999999999', '-0.0000000001', '0.0000000000', '-12345678901234567.8901234567'])).toEqual([
      '9999999999999999999999999999.9999999999',
      '-9999999999999999999999999999.9999999999',
      '-0.0000000001',
      '0.0000000000',
      '-12345678901234567.8901234567',
    ])
    expect(decode({ kind: 'decimal', precision: 38, scale: 0 }, ['99999999999999999999999999999999999999', '-99999999999999999999999999999999999999'])).toEqual([
      '99999999999999999999999999999999999999',
      '-99999999999999999999999999999999999999',
    ])
    // money through decimal(19,4): the full range, which a double cannot carry.
    expect(decode({ kind: 'decimal', precision: 19, scale: 4 }, ['-922337203685477.5808', '922337203685477.5807', '225000000000.0001'])).toEqual([
      '-922337203685477.5808',
      '922337203685477.5807',
      '225000000000.0001',
    ])
    // Overrides still take the text: an integer type drops a zero fraction, a string keeps it all.
    expect(decode({ kind: 'int64' }, ['9223372036854775807.0000', '-42.00'])).toEqual(['9223372036854775807', '-42'])
    expect(decode({ kind: 'string' }, ['922337203685477.5807'])).toEqual(['922337203685477.5807'])
    expect(() => decode({ kind: 'int64' }, ['1.5000'])).toThrow(/column 'c'/)
  })

  it('uniqueidentifier: canonical strings and mixed-endian wire bytes give the same UUID', () => {
    const wire = Buffer.from('33221100554477668899aabbccddeeff', 'hex')
    expect(Buffer.from(guidBytesToRfc4122(wire)).toString('hex')).toBe('00112233445566778899aabbccddeeff')
    expect(decode({ kind: 'uuid' }, ['00112233-4455-6677-8899-AABBCCDDEEFF', wire])).toEqual([
      '00112233445566778899aabbccddeeff',
      '00112233445566778899aabbccddeeff',
    ])
  })

  it('date, time and datetime2 to microseconds (100 ns ticks truncated)', () => {
    expect(decode({ kind: 'date' }, [new Date(Date.UTC(2024, 1, 29)), new Date(Date.UTC(1900, 0, 1))])).toEqual([19782, -25567])
    const t = tediousDate(Date.UTC(1970, 0, 1, 23, 59, 59, 999), 9999)
    expect(decode({ kind: 'time', unit: 'microsecond' }, [t])).toEqual(['86399999999'])
    const dt2 = tediousDate(Date.UTC(2024, 1, 29, 12, 0, 0, 123), 4567)
    expect(decode({ kind: 'timestamp', unit: 'microsecond', timezone: null }, [dt2])).toEqual([String(BigInt(Date.UTC(2024, 1, 29, 12, 0, 0, 123)) * 1000n + 456n)])
    const far = tediousDate(Date.UTC(9999, 11, 31, 23, 59, 59, 999), 9999)
    expect(dateMicros(far)).toBe(253402300799999999n)
    const pre = tediousDate(Date.UTC(1900, 0, 1, 0, 0, 0, 0), 10)
    expect(decode({ kind: 'timestamp', unit: 'microsecond', timezone: 'UTC' }, [pre])).toEqual([String(BigInt(Date.UTC(1900, 0, 1)) * 1000n + 1n)])
  })

  it('text, binary and the per-value ceiling', () => {
    expect(decode({ kind: 'string' }, ['héllo 🦀', ''])).toEqual(['héllo 🦀', ''])
    expect(decode({ kind: 'binary' }, [Buffer.from([0, 255])])).toEqual(['00ff'])
    expect(() => decode({ kind: 'string' }, ['x'.repeat(4096)], 1024)).toThrow(/RIVET_VALUE_TOO_LARGE: column 'c'/)
  })
})
