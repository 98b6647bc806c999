import { describe, expect, it } from 'vitest'
import { daysFromCivil } from '../../../../src/temporal/civil.js'
import { normalizeInterval, parseArrayLiteral, parseByteaHex, parseDate, parseTime, parseTimestamp } from '../../../../src/source/postgres/pg-text.js'

describe('PostgreSQL text parsing', () => {
  it('daysFromCivil matches Date.UTC across eras', () => {
    for (const [y, m, d] of [[1970, 1, 1], [2000, 2, 29], [1900, 3, 1], [2262, 4, 12], [1, 1, 1], [9999, 12, 31]] as const) {
      const date = new Date(0)
      date.setUTCFullYear(y, m - 1, d) // avoids Date.UTC's 0–99 → 1900s mapping
      expect(daysFromCivil(y, m, d)).toBe(date.getTime() / 86_400_000)
    }
    expect(daysFromCivil(1970, 1, 2)).toBe(1)
    expect(daysFromCivil(1969, 12, 31)).toBe(-1)
  })

  it('parses dates, BC dates and rejects infinity', () => {
    expect(parseDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 86_400_000)
    expect(parseDate('0001-01-01 BC')).toBe(daysFromCivil(0, 1, 1))
    expect(parseDate('infinity')).toBeUndefined()
    expect(parseDate('12345-01-01')).toBe(daysFromCivil(12345, 1, 1))
  })

  it('parses time with and without fractions', () => {
    expect(parseTime('00:00:00')).toBe(0)
    expect(parseTime('23:59:59.999999')).toBe(86_399_999_999)
    expect(parseTime('12:30:00.5')).toBe(45_000_500_000)
    expect(parseTime('24:00:00')).toBe(86_400_000_000)
  })

  it('parses timestamps and timestamptz exactly to the microsecond', () => {
    expect(parseTimestamp('1970-01-01 00:00:00')).toBe(0)
    expect(parseTimestamp('2024-03-10 02:30:00.123456+00')).toBe(Date.UTC(2024, 2, 10, 2, 30) * 1000 + 123_456)
    expect(parseTimestamp('2024-03-10 04:30:00+02')).toBe(Date.UTC(2024, 2, 10, 2, 30) * 1000)
    expect(parseTimestamp('2024-03-10 00:00:00-05:30')).toBe(Date.UTC(2024, 2, 10, 5, 30) * 1000)
    expect(parseTimestamp('1969-12-31 23:59:59.999999')).toBe(-1)
    // Far dates leave Number's exact range and come back as bigint.
    expect(parseTimestamp('9999-12-31 23:59:59.999999')).toBe(253_402_300_799_999_999n)
    expect(parseTimestamp('0001-01-01 00:00:00')).toBe(-62_135_596_800_000_000n)
    expect(parseTimestamp('-infinity')).toBeUndefined()
  })

  it('decodes bytea hex with zero bytes', () => {
    expect([...parseByteaHex('\\x00ff0010')]).toEqual([0, 255, 0, 16])
    expect(parseByteaHex('\\x').length).toBe(0)
  })

  it('normalises ISO intervals to six fractional digits', () => {
    expect(normalizeInterval('P1DT2H3M4.5S')).toBe('P1DT2H3M4.500000S')
    expect(normalizeInterval('PT-4.25S')).toBe('PT-4.250000S')
    expect(normalizeInterval('P1Y2M3D')).toBe('P1Y2M3D')
    expect(normalizeInterval('PT0S')).toBe('PT0S')
  })

  it('parses one-dimensional array literals with NULLs, quotes and escapes', () => {
    expect(parseArrayLiteral('{}')).toEqual([])
    expect(parseArrayLiteral('{1,NULL,3}')).toEqual(['1', null, '3'])
    expect(parseArrayLiteral('{"a,b","NULL","q\\"x",plain,"back\\\\slash"}')).toEqual(['a,b', 'NULL', 'q"x', 'plain', 'back\\slash'])
    expect(parseArrayLiteral('[0:1]={7,8}')).toEqual(['7', '8'])
    expect(parseArrayLiteral('{{1,2},{3,4}}')).toBeUndefined()
  })
})
