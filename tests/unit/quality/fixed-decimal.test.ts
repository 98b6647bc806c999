import { describe, expect, it } from 'vitest'
import { fixedDecimal, Hash64Set } from '../../../src/quality/index.js'

describe('fixedDecimal (Rust {:.N})', () => {
  it('rounds exact binary ties to even and everything else to nearest', () => {
    expect(fixedDecimal(0.8, 4)).toBe('0.8000')
    expect(fixedDecimal(0.03125, 4)).toBe('0.0312')
    expect(fixedDecimal(0.09375, 4)).toBe('0.0938')
    expect(fixedDecimal(2.25, 1)).toBe('2.2')
    expect(fixedDecimal(2.75, 1)).toBe('2.8')
    expect(fixedDecimal(0.35, 1)).toBe('0.3') // 0.35 is 0.34999… in binary
    expect(fixedDecimal(2.5, 0)).toBe('2')
    expect(fixedDecimal(-0.25, 1)).toBe('-0.2')
    expect(fixedDecimal(1 / 3, 4)).toBe('0.3333')
    expect(fixedDecimal(0, 4)).toBe('0.0000')
  })
})

describe('Hash64Set', () => {
  it('adds, detects duplicates and survives growth, including the zero hash', () => {
    const s = new Hash64Set(16)
    expect(s.add(0, 0)).toBe(true)
    expect(s.add(0, 0)).toBe(false)
    for (let i = 1; i <= 10_000; i++) expect(s.add(i * 7919, -i)).toBe(true)
    expect(s.size).toBe(10_001)
    for (let i = 1; i <= 10_000; i++) expect(s.has(i * 7919, -i)).toBe(true)
    expect(s.has(1, 1)).toBe(false)
    expect(s.add(7919, -1)).toBe(false)
  })
})
