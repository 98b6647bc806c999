import { describe, expect, it } from 'vitest'
import { cursorAdvances } from '../../../../src/state/index.js'

describe('cursorAdvances', () => {
  it('compares integers numerically and exactly', () => {
    expect(cursorAdvances('999', '1000')).toBe(true)
    expect(cursorAdvances('1000', '999')).toBe(false)
    expect(cursorAdvances('5', '5')).toBe(false)
    expect(cursorAdvances('9007199254740993', '9007199254740994')).toBe(true)
    expect(cursorAdvances('-10', '-9')).toBe(true)
  })
  it('compares floats numerically', () => {
    expect(cursorAdvances('9.5', '10.25')).toBe(true)
    expect(cursorAdvances('1e3', '999.9')).toBe(false)
  })
  it('falls back to byte order for timestamps and keys', () => {
    expect(cursorAdvances('2024-06-10', '2024-06-11')).toBe(true)
    expect(cursorAdvances('2024-06-10', '2024-01-01')).toBe(false)
    expect(cursorAdvances('2024-06-01T00:00:00Z', '2024-06-01T00:00:01Z')).toBe(true)
    expect(cursorAdvances('NaN', '1')).toBe(false) // 'NaN' has no order: bytes, '1' < 'N'
  })
})
