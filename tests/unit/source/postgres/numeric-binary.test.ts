import { describe, expect, it } from 'vitest'
import { parseDecimalToScaled } from '../../../../src/types/decimal.js'
import { NUMERIC_NAN, NUMERIC_NINF, NUMERIC_PINF, numericSpecialText, numericToScaled } from '../../../../src/source/postgres/wire/numeric-binary.js'

/** numeric_send for a plain decimal string: base-10000 groups aligned on the decimal point. */
function encode(text: string): Buffer {
  const negative = text.startsWith('-')
  const [intPart = '0', fracPart = ''] = text.replace(/^[-+]/, '').split('.')
  const intPadded = intPart.padStart(Math.ceil(intPart.length / 4) * 4, '0')
  const fracPadded = fracPart.padEnd(Math.ceil(fracPart.length / 4) * 4, '0')
  let groups = [...(intPadded + fracPadded).matchAll(/\d{4}/g)].map((m) => Number(m[0]))
  let weight = intPadded.length / 4 - 1
  while (groups.length > 0 && groups[0] === 0) {
    groups.shift()
    weight--
  }
  while (groups.length > 0 && groups[groups.length - 1] === 0) groups = groups.slice(0, -1)
  const buf = Buffer.alloc(8 + groups.length * 2)
  buf.writeInt16BE(groups.length, 0)
  buf.writeInt16BE(groups.length === 0 ? 0 : weight, 2)
  buf.writeUInt16BE(negative ? 0x4000 : 0, 4)
  buf.writeInt16BE(fracPart.length, 6)
  groups.forEach((g, i) => buf.writeInt16BE(g, 8 + i * 2))
  return buf
}

function special(sign: number): Buffer {
  const buf = Buffer.alloc(8)
  buf.writeUInt16BE(sign, 4)
  return buf
}

const asBig = (v: number | bigint | undefined): bigint | undefined => (v === undefined ? undefined : BigInt(v))

describe('binary NUMERIC → scaled integer', () => {
  const cases: [string, number][] = [
    ['0', 2], ['1', 0], ['-1', 3], ['12.34', 2], ['-0.01', 2], ['0.0001', 4], ['0.00005', 4], ['1.999', 2], ['-1.999', 2],
    ['10000', 0], ['99999999999999999999', 0], ['9007199254740993', 0], ['123456789.123456789', 9], ['0.00000000000000000001', 20],
    ['1234567890123456789012345678901234567890.12345678901234567890', 20], ['5', -2], ['12345', -2], ['0.5', 0], ['123.4567', 10],
  ]
  it.each(cases)('%s at scale %i matches the exact text parser (truncation included)', (text, scale) => {
    expect(asBig(numericToScaled(encode(text), 0, scale))).toBe(parseDecimalToScaled(text, 76, scale))
  })

  it('agrees with the text parser on random values and scales', () => {
    let seed = 7
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    for (let k = 0; k < 3000; k++) {
      const intDigits = rnd(25)
      const fracDigits = rnd(25)
      const digits = (n: number): string => Array.from({ length: n }, () => String(rnd(10))).join('')
      const text = `${rnd(2) === 0 ? '-' : ''}${digits(intDigits) || '0'}${fracDigits > 0 ? `.${digits(fracDigits)}` : ''}`
      const scale = rnd(30)
      expect(asBig(numericToScaled(encode(text), 0, scale)), `${text} @${scale}`).toBe(parseDecimalToScaled(text, 76, scale))
    }
  })

  it('returns safe numbers as numbers and wide values as bigints', () => {
    expect(typeof numericToScaled(encode('12.34'), 0, 2)).toBe('number')
    expect(typeof numericToScaled(encode('99999999999999999999'), 0, 0)).toBe('bigint')
  })

  it('reads at an offset inside a larger buffer', () => {
    const inner = encode('-42.5')
    const buf = Buffer.concat([Buffer.from([9, 9, 9]), inner, Buffer.from([7])])
    expect(numericToScaled(buf, 3, 1)).toBe(-425)
  })

  it('NaN and infinities are reported, not converted', () => {
    expect(numericToScaled(special(NUMERIC_NAN), 0, 2)).toBeUndefined()
    expect(numericToScaled(special(NUMERIC_PINF), 0, 2)).toBeUndefined()
    expect(numericSpecialText(special(NUMERIC_NINF), 0)).toBe('-Infinity')
    expect(numericSpecialText(special(NUMERIC_NAN), 0)).toBe('NaN')
  })
})
