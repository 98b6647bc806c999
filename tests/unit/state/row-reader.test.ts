import { describe, expect, it } from 'vitest'
import { boolParam, RowReader } from '../../../src/state/row-reader.js'

describe('RowReader', () => {
  it('accepts every integer shape the backends return', () => {
    const r = new RowReader({ a: 5, b: '123', c: 7n, d: null }, 't')
    expect([r.int('a'), r.int('b'), r.int('c'), r.intOrNull('d')]).toEqual([5, 123, 7, null])
  })
  it('reads 0/1 and native booleans', () => {
    const r = new RowReader({ a: 1, b: 0, c: true, d: null }, 't')
    expect([r.boolOrNull('a'), r.boolOrNull('b'), r.boolOrNull('c'), r.boolOrNull('d')]).toEqual([true, false, true, null])
    expect([boolParam(true), boolParam(false), boolParam(null)]).toEqual([1, 0, null])
  })
  it('rejects wrong shapes with RIVET_STATE_READ naming table and column', () => {
    const r = new RowReader({ a: 'x', s: 'weird', n: null }, 'chunk_task')
    expect(() => r.int('a')).toThrow(/chunk_task\.a: expected integer/)
    expect(() => r.str('n')).toThrow(expect.objectContaining({ code: 'RIVET_STATE_READ' }))
    expect(() => r.oneOf('s', ['pending', 'running'])).toThrow(/expected pending \| running, got 'weird'/)
    expect(() => new RowReader(null, 't')).toThrow(expect.objectContaining({ code: 'RIVET_STATE_READ' }))
  })
})
