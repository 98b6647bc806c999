import { describe, expect, it } from 'vitest'
import { RivetError } from '../../../src/errors/index.js'
import { decodePgNumeric } from '../../../src/types/pg-numeric-wire.js'

const POS = 0x0000
const NEG = 0x4000

function wire(weight: number, sign: number, dscale: number, digits: readonly number[]): Uint8Array {
  const buf = Buffer.alloc(8 + digits.length * 2)
  buf.writeUInt16BE(digits.length, 0)
  buf.writeInt16BE(weight, 2)
  buf.writeUInt16BE(sign, 4)
  buf.writeUInt16BE(dscale, 6)
  digits.forEach((d, i) => buf.writeUInt16BE(d, 8 + i * 2))
  return buf
}

function decode(bytes: Uint8Array, scale: number, precision = 38): bigint {
  return BigInt(decodePgNumeric(bytes, 0, bytes.length, precision, scale))
}

describe('decodePgNumeric', () => {
  it.each([
    ['zero', wire(0, POS, 0, []), 2, 0n],
    ['1', wire(0, POS, 0, [1]), 0, 1n],
    ['10000', wire(1, POS, 0, [1, 0]), 0, 10000n],
    ['-12345', wire(1, NEG, 0, [1, 2345]), 0, -12345n],
    ['0.01 at scale 2', wire(-1, POS, 2, [100]), 2, 1n],
    ['12.34 at scale 2', wire(0, POS, 2, [12, 3400]), 2, 1234n],
    ['-12.34 at scale 4', wire(0, NEG, 2, [12, 3400]), 4, -123400n],
    ['12.3456 truncated to scale 2', wire(0, POS, 4, [12, 3456]), 2, 1234n],
    ['-12.3456 truncated to scale 1', wire(0, NEG, 4, [12, 3456]), 1, -123n],
    ['0.00001234 at scale 2 → 0', wire(-2, POS, 8, [0, 1234]), 2, 0n],
    ['1e8 (trailing zero limbs omitted)', wire(2, POS, 0, [1]), 0, 100000000n],
    ['1e8 at scale 10', wire(2, POS, 0, [1]), 10, 1000000000000000000n],
  ])('%s', (_name, bytes, scale, expected) => {
    expect(decode(bytes, scale)).toBe(expected)
  })

  it('decodes 38-digit and 76-digit values exactly', () => {
    // 9999999999999999999999999999.9999999999 = limbs 9999 ×7 . 9999 9999 9900 (scale 10)
    const v38 = wire(6, NEG, 10, [9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9900])
    expect(decode(v38, 10)).toBe(-(10n ** 38n - 1n))
    const limbs76 = Array<number>(19).fill(9999)
    expect(decode(wire(18, POS, 0, limbs76), 0, 76)).toBe(10n ** 76n - 1n)
  })

  it('returns plain numbers on the fast path', () => {
    const b = wire(0, POS, 2, [12, 3400])
    expect(typeof decodePgNumeric(b, 0, b.length, 10, 2)).toBe('number')
  })

  it('honours start/end inside a larger buffer', () => {
    const inner = wire(0, NEG, 0, [5])
    const outer = new Uint8Array(inner.length + 6)
    outer.set(inner, 3)
    expect(decodePgNumeric(outer, 3, 3 + inner.length, 10, 0)).toBe(-5)
  })

  it.each([
    ['NaN', wire(0, 0xc000, 0, []), 'NaN'],
    ['+Infinity', wire(0, 0xd000, 0, []), 'Infinity'],
    ['-Infinity', wire(0, 0xf000, 0, []), '-Infinity'],
  ])('rejects %s', (_name, bytes, shown) => {
    let err: unknown
    try {
      decode(bytes, 2, 12)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(RivetError)
    expect((err as RivetError).code).toBe('RIVET_DECIMAL_PARSE')
    expect((err as RivetError).message).toBe(`cannot parse DECIMAL '${shown}' as decimal(12,2)`)
  })

  it('rejects malformed payloads', () => {
    expect(() => decode(new Uint8Array([0, 1, 0, 0, 0, 0]), 0)).toThrow(RivetError)
    expect(() => decode(wire(0, POS, 0, [1, 2, 3]).subarray(0, 10), 0)).toThrow(RivetError)
    expect(() => decode(wire(0, POS, 0, [10000]), 0)).toThrow(RivetError)
    expect(() => decode(wire(0, 0xbeef, 0, []), 0)).toThrow(RivetError)
  })
})
