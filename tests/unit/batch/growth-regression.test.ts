import { describe, expect, it } from 'vitest'
import { createColumnBuilder } from '../../../src/batch/index.js'
import type { RivetType } from '../../../src/types/index.js'

/**
 * Regression: `values[this.next()] = v` evaluated `values` before `next()` grew and replaced
 * the buffer, so the value that triggered the growth was written into the discarded array
 * (a 0 in row 1001 of a 1000-row-capacity batch). Every fixed-width builder must keep every
 * value across growth.
 */
const CASES: readonly [RivetType, (i: number) => unknown, (v: unknown) => unknown][] = [
  [{ kind: 'int16' }, (i) => (i % 30000) + 1, (v) => v],
  [{ kind: 'int32' }, (i) => i + 1, (v) => v],
  [{ kind: 'int64' }, (i) => BigInt(i + 1), (v) => v],
  [{ kind: 'uint64' }, (i) => BigInt(i + 1), (v) => v],
  [{ kind: 'float32' }, (i) => i + 1.5, (v) => v],
  [{ kind: 'float64' }, (i) => i + 0.25, (v) => v],
  [{ kind: 'date' }, (i) => i + 1, (v) => v],
  [{ kind: 'timestamp', unit: 'nanosecond', timezone: null }, (i) => BigInt(i + 1) * 1000n, (v) => v],
]

describe('column builders keep every value when their buffers grow', () => {
  it.each(CASES)('$kind', (type, value) => {
    const b = createColumnBuilder(type, 4) as unknown as Record<string, (v: unknown) => void>
    const n = 5000
    const append = type.kind === 'date' ? 'appendDays' : type.kind === 'timestamp' ? 'appendNanos' : 'append'
    for (let i = 0; i < n; i++) b[append]?.call(b, value(i))
    const data = (b as unknown as { finish(): { values: ArrayLike<number | bigint>; length: number } }).finish()
    expect(data.length).toBe(n)
    for (let i = 0; i < n; i++) {
      const got = data.values[i]
      const want = value(i)
      const expected = type.kind === 'float32' ? Math.fround(want as number) : want
      if (got !== expected) throw new Error(`${type.kind}: row ${i} holds ${String(got)}, expected ${String(expected)}`)
    }
  })
})
