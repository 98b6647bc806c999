import { describe, expect, it } from 'vitest'
import { parseMysqlDate, parseMysqlDateTime } from '../../../../src/source/mysql/temporal-text.js'
import {
  asciiDateDays,
  asciiDateTimeMicros,
  asciiSafeInt,
  asciiScaledDecimal,
  civilDays,
  civilMicros,
  isCivilDate,
  lenEncSize,
  lenEncValue,
} from '../../../../src/source/mysql/wire/ascii.js'

/** The text inside a larger buffer, so parsers must honour start/end. */
function framed(text: string): [Buffer, number, number] {
  const b = Buffer.from(`##${text}@@`, 'latin1')
  return [b, 2, 2 + Buffer.byteLength(text, 'latin1')]
}

describe('length-encoded integers', () => {
  it('reads the 1, 3, 4 and 9 byte forms', () => {
    const cases: [number[], number, number][] = [
      [[0], 0, 1],
      [[250], 250, 1],
      [[0xfc, 0xfb, 0x00], 251, 3],
      [[0xfc, 0xff, 0xff], 65535, 3],
      [[0xfd, 0x00, 0x00, 0x01], 65536, 4],
      [[0xfd, 0xff, 0xff, 0xff], 16777215, 4],
      [[0xfe, 0x00, 0x00, 0x00, 0x01, 0, 0, 0, 0], 16777216, 9],
      [[0xfe, 0xff, 0xff, 0xff, 0xff, 0x01, 0, 0, 0], 2 ** 33 - 1, 9],
    ]
    for (const [bytes, value, size] of cases) {
      const b = Buffer.from([7, ...bytes])
      expect(lenEncValue(b, 1)).toBe(value)
      expect(lenEncSize(b[1] as number)).toBe(size)
    }
  })
})

describe('asciiSafeInt', () => {
  it('parses up to 15 digits with a sign and refuses anything else', () => {
    expect(asciiSafeInt(...framed('0'))).toBe(0)
    expect(asciiSafeInt(...framed('-2147483648'))).toBe(-2147483648)
    expect(asciiSafeInt(...framed('+42'))).toBe(42)
    expect(asciiSafeInt(...framed('000042'))).toBe(42)
    expect(asciiSafeInt(...framed('999999999999999'))).toBe(999999999999999)
    expect(asciiSafeInt(...framed('-999999999999999'))).toBe(-999999999999999)
    for (const bad of ['', '-', '+', '1000000000000000', '18446744073709551615', '1.5', ' 1', '1e3', '0x1']) {
      expect(asciiSafeInt(...framed(bad))).toBeUndefined()
    }
  })
})

describe('asciiScaledDecimal', () => {
  it('scales like DecimalColumn.appendText and stays within 15 digits', () => {
    expect(asciiScaledDecimal(...framed('672.35'), 2)).toBe(67235)
    expect(asciiScaledDecimal(...framed('-0.01'), 2)).toBe(-1)
    expect(asciiScaledDecimal(...framed('-0.00'), 2)).toBe(0)
    expect(asciiScaledDecimal(...framed('12'), 3)).toBe(12000)
    expect(asciiScaledDecimal(...framed('1.239'), 2)).toBe(123) // truncated, never rounded
    expect(asciiScaledDecimal(...framed('.5'), 1)).toBe(5)
    expect(asciiScaledDecimal(...framed('0000012.50'), 2)).toBe(1250) // ZEROFILL
    expect(asciiScaledDecimal(...framed('9999999999999.99'), 2)).toBe(999999999999999)
    expect(asciiScaledDecimal(...framed('5'), 0)).toBe(5)
  })

  it('refuses more than 15 digits, odd shapes and unusual scales (the exact path takes them)', () => {
    expect(asciiScaledDecimal(...framed('99999999999999.99'), 2)).toBeUndefined()
    expect(asciiScaledDecimal(...framed('1'), 15)).toBeUndefined()
    expect(asciiScaledDecimal(...framed('12345678901234567890.123456789012345678901234567891'), 30)).toBeUndefined()
    for (const bad of ['', '-', '.', '1..2', '1.2.3', '1e5', ' 1', 'NaN']) {
      expect(asciiScaledDecimal(...framed(bad), 2)).toBeUndefined()
    }
    expect(asciiScaledDecimal(...framed('1'), 16)).toBeUndefined()
  })
})

describe('civil calendar', () => {
  it('matches Date.UTC on the proleptic Gregorian calendar, year 0 included', () => {
    for (const [y, m, d] of [
      [1970, 1, 1], [1969, 12, 31], [2000, 2, 29], [1900, 3, 1], [1582, 10, 4], [1000, 1, 1], [1, 1, 1], [9999, 12, 31], [2024, 12, 31], [2255, 6, 15],
    ] as const) {
      const probe = new Date(0)
      probe.setUTCFullYear(y, m - 1, d)
      expect(civilDays(y, m, d)).toBe(probe.getTime() / 86_400_000)
    }
    const zero = new Date(0)
    zero.setUTCFullYear(0, 0, 1)
    expect(civilDays(0, 1, 1)).toBe(zero.getTime() / 86_400_000)
  })

  it('validates month lengths and leap years', () => {
    expect(isCivilDate(2024, 2, 29)).toBe(true)
    expect(isCivilDate(2023, 2, 29)).toBe(false)
    expect(isCivilDate(1900, 2, 29)).toBe(false)
    expect(isCivilDate(2000, 2, 29)).toBe(true)
    expect(isCivilDate(2024, 4, 31)).toBe(false)
    expect(isCivilDate(2024, 12, 31)).toBe(true)
    expect(isCivilDate(2024, 0, 1)).toBe(false)
    expect(isCivilDate(2024, 13, 1)).toBe(false)
    expect(isCivilDate(2024, 1, 0)).toBe(false)
    expect(isCivilDate(0, 0, 0)).toBe(false)
  })

  it('switches to BigInt microseconds beyond the safe range, exactly', () => {
    const us = civilMicros(9999, 12, 31, 23, 59, 59, 999_999)
    expect(typeof us).toBe('bigint')
    expect(us).toBe(parseMysqlDateTime('9999-12-31 23:59:59.999999'))
    expect(civilMicros(1970, 1, 1, 0, 0, 0, 1)).toBe(1)
    expect(civilMicros(1969, 12, 31, 23, 59, 59, 999_999)).toBe(-1)
  })
})

describe('asciiDateTimeMicros / asciiDateDays agree with the text parsers', () => {
  const datetimes = [
    '2024-02-29 23:59:59.999999', '1970-01-01 00:00:00', '1969-12-31 23:59:59.5', '1000-01-01 00:00:00.000001', '2025-01-01 00:00:01.000000',
    '2300-01-01 12:00:00.123', '9999-12-31 23:59:59', '0001-01-01 00:00:00', '2024-06-01 12:00:00.12', '2024-06-01 12:00:00.12345',
  ]
  it('parses the canonical shapes', () => {
    for (const t of datetimes) expect(asciiDateTimeMicros(...framed(t))).toBe(parseMysqlDateTime(t))
    for (const t of ['2024-02-29', '1970-01-01', '1000-01-01', '9999-12-31', '0001-01-01']) expect(asciiDateDays(...framed(t))).toBe(parseMysqlDate(t))
  })

  it('leaves zero, invalid and odd values to the exact path', () => {
    for (const t of [
      '0000-00-00 00:00:00', '2024-02-30 00:00:00', '2024-00-10 00:00:00', '2024-01-01 24:00:00', '2024-01-01 00:60:00', '2024-01-01 00:00:60',
      '2024-01-01T00:00:00', '2024-01-01 00:00:00.', '2024-01-01 00:00:00.1234567', '2024-01-01 00:00', '2024-1-01 00:00:00', '2024-01-01 00:00:0x',
    ]) {
      expect(asciiDateTimeMicros(...framed(t))).toBeUndefined()
    }
    for (const t of ['0000-00-00', '2023-02-29', '2024-13-01', '2024-01-1', '2024/01/01', '20240101']) expect(asciiDateDays(...framed(t))).toBeUndefined()
  })
})
