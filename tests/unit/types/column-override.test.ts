import { describe, expect, it } from 'vitest'
import { parseColumnOverride } from '../../../src/types/index.js'

describe('parseColumnOverride (C25)', () => {
  it.each([
    ['bool', { kind: 'bool' }],
    ['BIGINT', { kind: 'int64' }],
    ['double precision', { kind: 'float64' }],
    ['timestamptz', { kind: 'timestamp', unit: 'microsecond', timezone: 'UTC' }],
    ['timestamp_ns', { kind: 'timestamp', unit: 'nanosecond', timezone: null }],
    ['numeric(38, 10)', { kind: 'decimal', precision: 38, scale: 10 }],
    ['decimal(76,0)', { kind: 'decimal', precision: 76, scale: 0 }],
  ])('%s', (raw, type) => {
    expect(parseColumnOverride(raw)).toEqual({ ok: true, type })
  })
  it.each(['decimal(0,0)', 'decimal(77,2)', 'decimal(5,6)', 'decimal(5)', 'geometry', 'decimal(a,b)'])('rejects %s', (raw) => {
    const r = parseColumnOverride(raw)
    expect(r.ok).toBe(false)
  })
})
