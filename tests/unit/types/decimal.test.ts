import { describe, expect, it } from 'vitest'
import { RivetError } from '../../../src/errors/index.js'
import {
  decimalByteWidth,
  fitsDecimalWidth,
  formatScaledDecimal,
  parseDecimalToScaled,
  readDecimalLE,
  writeDecimalLE,
} from '../../../src/types/decimal.js'

describe('parseDecimalToScaled (Q09)', () => {
  it.each([
    ['0.10', 2, 10n],
    ['123.45', 2, 12345n],
    ['-1.23', 2, -123n],
    ['999999999999.99', 2, 99999999999999n],
    ['100', 2, 10000n],
    ['0.1', 3, 100n],
    ['5.4', 6, 5400000n],
    ['1.999', 2, 199n],
    ['-1.999', 2, -199n],
    ['42.9', 0, 42n],
    ['+7.5', 1, 75n],
    ['.5', 2, 50n],
    ['5.', 1, 50n],
    ['  12.5  ', 1, 125n],
    ['1.5E+3', 2, 150000n],
    ['1.5e3', 0, 1500n],
    ['-2.5E-1', 2, -25n],
    ['1E-5', 2, 0n],
    ['1200', -2, 12n],
    ['1299', -2, 12n],
  ])('%s at scale %d → %s', (text, scale, expected) => {
    expect(parseDecimalToScaled(text, 38, scale)).toBe(expected)
  })

  it('keeps values beyond 128 bits exact', () => {
    const big = '123456789012345678901234567890123456789012.345'
    expect(parseDecimalToScaled(big, 76, 3)).toBe(123456789012345678901234567890123456789012345n)
  })

  it.each(['NaN', 'Infinity', '-Infinity', '', ' ', '1.2.3', 'abc', '1e', '-', '.', '0x10', '1,5'])(
    'rejects %j with RIVET_DECIMAL_PARSE',
    (bad) => {
      let err: unknown
      try {
        parseDecimalToScaled(bad, 12, 4)
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(RivetError)
      expect((err as RivetError).code).toBe('RIVET_DECIMAL_PARSE')
      expect((err as RivetError).message).toBe(`cannot parse DECIMAL '${bad}' as decimal(12,4)`)
    },
  )
})

describe('formatScaledDecimal', () => {
  it.each([
    [10n, 2, '0.10'],
    [12345n, 2, '123.45'],
    [-123n, 2, '-1.23'],
    [-5n, 3, '-0.005'],
    [0n, 2, '0.00'],
    [10123456n, 6, '10.123456'],
    [42n, 0, '42'],
    [12n, -2, '1200'],
    [-(10n ** 38n - 1n), 10, '-9999999999999999999999999999.9999999999'],
  ])('%s at scale %d → %s', (v, scale, text) => {
    expect(formatScaledDecimal(v, scale)).toBe(text)
  })
})

describe('little-endian two’s complement', () => {
  it('round-trips 128 and 256-bit extremes', () => {
    for (const [v, w] of [
      [0n, 16],
      [-1n, 16],
      [(1n << 127n) - 1n, 16],
      [-(1n << 127n), 16],
      [10n ** 76n - 1n, 32],
      [-(10n ** 76n - 1n), 32],
      [123456789n, 32],
    ] as const) {
      const buf = new Uint8Array(40)
      writeDecimalLE(v, buf, 4, w)
      expect(readDecimalLE(buf, 4, w)).toBe(v)
    }
    const one = new Uint8Array(16)
    writeDecimalLE(1n, one, 0, 16)
    expect(Array.from(one)).toEqual([1, ...Array<number>(15).fill(0)])
    const minus = new Uint8Array(16)
    writeDecimalLE(-2n, minus, 0, 16)
    expect(Array.from(minus)).toEqual([0xfe, ...Array<number>(15).fill(0xff)])
  })

  it('knows the storage width and its range', () => {
    expect(decimalByteWidth(38)).toBe(16)
    expect(decimalByteWidth(39)).toBe(32)
    expect(fitsDecimalWidth(1n << 127n, 16)).toBe(false)
    expect(fitsDecimalWidth(1n << 127n, 32)).toBe(true)
  })
})
