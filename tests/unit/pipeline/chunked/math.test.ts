import { describe, expect, it } from 'vitest'
import { chunkSizeForCount, dayString, dayWindows, daysSinceEpoch, denseWindows, fingerprintInput, keyWindows, parseKey, planFingerprint, rangeWindows } from '../../../../src/pipeline/chunked/math.js'

const I64_MAX = 2n ** 63n - 1n
const I64_MIN = -(2n ** 63n)
const pairs = (ws: { lo: bigint; hi: bigint }[]): [bigint, bigint][] => ws.map((w) => [w.lo, w.hi])

describe('rangeWindows (D10)', () => {
  it('1..100 size 30 → four inclusive windows, the last clipped', () => {
    expect(pairs(rangeWindows(1n, 100n, 30n))).toEqual([[1n, 30n], [31n, 60n], [61n, 90n], [91n, 100n]])
  })
  it('exact multiple, single window, min = max', () => {
    expect(pairs(rangeWindows(0n, 99n, 50n))).toEqual([[0n, 49n], [50n, 99n]])
    expect(pairs(rangeWindows(1n, 10n, 100n))).toEqual([[1n, 10n]])
    expect(pairs(rangeWindows(7n, 7n, 3n))).toEqual([[7n, 7n]])
  })
  it('inverted range or non-positive size → none', () => {
    expect(rangeWindows(10n, 5n, 100n)).toEqual([])
    expect(rangeWindows(1n, 5n, 0n)).toEqual([])
  })
  it('negative ids', () => {
    expect(pairs(rangeWindows(-10n, 5n, 7n))).toEqual([[-10n, -4n], [-3n, 3n], [4n, 5n]])
  })
  it('keys near ±2^63 stay exact and cover the range without overflow', () => {
    expect(pairs(rangeWindows(I64_MAX - 4n, I64_MAX, 2n))).toEqual([[I64_MAX - 4n, I64_MAX - 3n], [I64_MAX - 2n, I64_MAX - 1n], [I64_MAX, I64_MAX]])
    expect(pairs(rangeWindows(I64_MIN, I64_MIN + 2n, 2n))).toEqual([[I64_MIN, I64_MIN + 1n], [I64_MIN + 2n, I64_MIN + 2n]])
    const whole = rangeWindows(I64_MIN, I64_MAX, 2n ** 62n)
    expect(whole).toHaveLength(4)
    expect(whole[0]?.lo).toBe(I64_MIN)
    expect(whole[3]?.hi).toBe(I64_MAX)
  })
  it('windows are contiguous and disjoint', () => {
    const ws = rangeWindows(-37n, 1234n, 17n)
    for (let i = 1; i < ws.length; i++) expect(ws[i]?.lo).toBe((ws[i - 1]?.hi ?? 0n) + 1n)
  })
})

describe('keyWindows / chunk_count (D10, D12)', () => {
  it('empty input (MIN/MAX NULL) → one window 0..0', () => {
    expect(pairs(keyWindows(undefined, undefined, { kind: 'range', size: 30 }))).toEqual([[0n, 0n]])
  })
  it('chunk size = ceil((max − min + 1) / count)', () => {
    expect(chunkSizeForCount(1n, 100n, 3)).toBe(34n)
    expect(chunkSizeForCount(1n, 99n, 3)).toBe(33n)
    expect(chunkSizeForCount(5n, 5n, 4)).toBe(1n)
    expect(pairs(keyWindows(1n, 100n, { kind: 'count', count: 3 }))).toEqual([[1n, 34n], [35n, 68n], [69n, 100n]])
    expect(() => chunkSizeForCount(1n, 2n, 0)).toThrow(RangeError)
  })
  it('chunk_count on a full BIGINT span', () => {
    expect(chunkSizeForCount(I64_MIN, I64_MAX, 2)).toBe(2n ** 63n)
  })
})

describe('denseWindows (D13)', () => {
  it('ordinals 1..COUNT, none for an empty result', () => {
    expect(pairs(denseWindows(7n, 3))).toEqual([[1n, 3n], [4n, 6n], [7n, 7n]])
    expect(denseWindows(0n, 3)).toEqual([])
  })
})

describe('days (D14)', () => {
  it('parses dates and engine timestamp text to days since epoch', () => {
    expect(daysSinceEpoch('1970-01-01')).toBe(0n)
    expect(daysSinceEpoch('1970-01-02 00:00:00')).toBe(1n)
    expect(daysSinceEpoch('2024-03-01 23:59:59.999999+00')).toBe(daysSinceEpoch('2024-03-01'))
    expect(daysSinceEpoch('2024-03-01T10:00:00.5')).toBe(19783n)
    expect(daysSinceEpoch('1969-12-31')).toBe(-1n)
    expect(daysSinceEpoch('not-a-date')).toBeUndefined()
    expect(daysSinceEpoch('2024-02-30')).toBeUndefined()
    expect(daysSinceEpoch('12345')).toBeUndefined()
  })
  it('dayString is the inverse', () => {
    for (const d of ['1970-01-01', '2000-02-29', '2024-12-31', '1969-07-20']) expect(dayString(daysSinceEpoch(d) ?? 0n)).toBe(d)
  })
  it('windows of N days', () => {
    const a = daysSinceEpoch('2024-01-01') ?? 0n
    const ws = dayWindows(a, a + 9n, 4)
    expect(ws.map((w) => [dayString(w.lo), dayString(w.hi)])).toEqual([['2024-01-01', '2024-01-04'], ['2024-01-05', '2024-01-08'], ['2024-01-09', '2024-01-10']])
  })
})

describe('parseKey', () => {
  it('reads integers exactly, rejects non-integers', () => {
    expect(parseKey('9223372036854775807')).toBe(I64_MAX)
    expect(parseKey(' -42 ')).toBe(-42n)
    expect(parseKey('42.000')).toBe(42n)
    expect(parseKey('42.5')).toBeUndefined()
    expect(parseKey('abc')).toBeUndefined()
  })
})

describe('plan fingerprint (I05)', () => {
  it('hashes base, 0x1F, column, 0x1F, shape', () => {
    expect(fingerprintInput('SELECT 1', 'id', { kind: 'range', size: 30 })).toBe('SELECT 1\x1fid\x1f30\x1frange')
    expect(fingerprintInput('q', 'c', { kind: 'count', count: 4 })).toBe('q\x1fc\x1fcount_4')
    expect(fingerprintInput('q', 'c', { kind: 'dense', size: 9 })).toBe('q\x1fc\x1fdense_rn')
    expect(fingerprintInput('q', 'c', { kind: 'days', days: 7 })).toBe('q\x1fc\x1fdate_7d')
  })
  it('is 16-hex XXH3-64 (seed 0) and sensitive to every input', async () => {
    // Reference vector: XXH3-64("") = 2d06800538d394c2.
    const h = await planFingerprint('SELECT * FROM t', 'id', { kind: 'range', size: 30 })
    expect(h).toMatch(/^[0-9a-f]{16}$/)
    expect(await planFingerprint('SELECT * FROM t', 'id', { kind: 'range', size: 30 })).toBe(h)
    expect(await planFingerprint('SELECT * FROM t', 'id', { kind: 'range', size: 31 })).not.toBe(h)
    expect(await planFingerprint('SELECT * FROM u', 'id', { kind: 'range', size: 30 })).not.toBe(h)
    expect(await planFingerprint('SELECT * FROM t', 'ix', { kind: 'range', size: 30 })).not.toBe(h)
    // dense ignores chunk_size (only the plain range shape includes it)
    expect(await planFingerprint('q', 'c', { kind: 'dense', size: 1 })).toBe(await planFingerprint('q', 'c', { kind: 'dense', size: 2 }))
  })
  it('matches the XXH3-64 reference vector for the empty string', async () => {
    const { xxhash3 } = await import('hash-wasm')
    expect(await xxhash3('')).toBe('2d06800538d394c2')
  })
})

describe('quantileWindows (sparse keys)', () => {
  it('cuts windows at the given starts, the last ending at MAX, none empty', async () => {
    const { quantileWindows, rangeWindowCount } = await import('../../../../src/pipeline/chunked/math.js')
    expect(quantileWindows([1n, 3n, 1001n], 5000n)).toEqual([
      { lo: 1n, hi: 2n },
      { lo: 3n, hi: 1000n },
      { lo: 1001n, hi: 5000n },
    ])
    expect(quantileWindows([5n, 5n, 9n], 9n)).toEqual([
      { lo: 5n, hi: 8n },
      { lo: 9n, hi: 9n },
    ])
    expect(quantileWindows([], 0n)).toEqual([])
    expect(rangeWindowCount(0n, 10n ** 12n, 100_000n)).toBe(10_000_001n)
    expect(rangeWindowCount(1n, 100n, 30n)).toBe(4n)
  })
})
