import { xxhash3 } from 'hash-wasm'

/**
 * Chunk window arithmetic (D10, D12–D14) and the plan fingerprint (I05). Pure: no I/O,
 * no clock. Keys are `bigint` so BIGINT columns near ±2^63 are exact.
 */

/** An inclusive key window `[lo, hi]` (ordinal, key or days since 1970-01-01). */
export interface ChunkWindow {
  readonly lo: bigint
  readonly hi: bigint
}

/** How the windows of an export are shaped; also what the fingerprint hashes (I05). */
export type ChunkShape =
  | { readonly kind: 'range'; readonly size: number }
  | { readonly kind: 'count'; readonly count: number }
  | { readonly kind: 'dense'; readonly size: number }
  | { readonly kind: 'days'; readonly days: number }

/** Inclusive windows `[lo, lo+size−1]` stepped by `size`, the last clipped to `max` (D10). */
export function rangeWindows(min: bigint, max: bigint, size: bigint): ChunkWindow[] {
  if (max < min || size <= 0n) return []
  const out: ChunkWindow[] = []
  for (let lo = min; ; ) {
    const end = lo + size - 1n
    const hi = end < max ? end : max
    out.push({ lo, hi })
    if (hi === max) return out
    lo = hi + 1n
  }
}

/** D12: chunk size = ceil((max − min + 1) ÷ count); an inverted range counts as span 1. */
export function chunkSizeForCount(min: bigint, max: bigint, count: number): bigint {
  if (!Number.isSafeInteger(count) || count <= 0) throw new RangeError(`chunk_count must be a positive integer, got ${count}`)
  const span = max >= min ? max - min + 1n : 1n
  const c = BigInt(count)
  return (span + c - 1n) / c
}

/** Windows of a range or count shape once MIN/MAX are known; both NULL (no rows) → one window 0..0 (D10). */
export function keyWindows(min: bigint | undefined, max: bigint | undefined, shape: { kind: 'range'; size: number } | { kind: 'count'; count: number }): ChunkWindow[] {
  const lo = min ?? 0n
  const hi = max ?? 0n
  const size = shape.kind === 'count' ? chunkSizeForCount(lo, hi, shape.count) : BigInt(shape.size)
  return rangeWindows(lo, hi, size)
}

/**
 * Row-count windows for a sparse key: `starts` are the keys at ordinals 1, size+1, 2·size+1, …
 * (sorted), so window i is `[starts[i], starts[i+1] − 1]` and the last ends at `max`. Every
 * window holds about `size` rows and none is empty, however sparse the key.
 */
export function quantileWindows(starts: readonly bigint[], max: bigint): ChunkWindow[] {
  const uniq = [...new Set(starts)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const out: ChunkWindow[] = []
  for (const [i, lo] of uniq.entries()) {
    const next = uniq[i + 1]
    out.push({ lo, hi: next === undefined ? max : next - 1n })
  }
  return out
}

/** Number of range windows `[min, max]` splits into, without building them. */
export function rangeWindowCount(min: bigint, max: bigint, size: bigint): bigint {
  return max < min || size <= 0n ? 0n : (max - min + size) / size
}

/** D13: windows over the ordinals 1..rowCount; no rows → no windows. */
export function denseWindows(rowCount: bigint, size: number): ChunkWindow[] {
  return rowCount <= 0n ? [] : rangeWindows(1n, rowCount, BigInt(size))
}

const DAY_MS = 86_400_000
const DATE_PREFIX = /^(-?\d{4,6})-(\d{2})-(\d{2})(?:$|[ T])/

/**
 * Days since 1970-01-01 of a date or timestamp as the engine prints it (`2024-03-01`,
 * `2024-03-01 23:59:59.999999+00`, `2024-03-01T…`); only the calendar date counts.
 * `undefined` when the text does not start with a valid `YYYY-MM-DD`.
 */
export function daysSinceEpoch(text: string): bigint | undefined {
  const m = DATE_PREFIX.exec(text.trim())
  if (m === null) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const ms = Date.UTC(y, mo - 1, d)
  const back = new Date(ms)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined
  return BigInt(Math.round(ms / DAY_MS))
}

/** `YYYY-MM-DD` of a day number (inverse of {@link daysSinceEpoch}). */
export function dayString(days: bigint): string {
  return new Date(Number(days) * DAY_MS).toISOString().slice(0, 10)
}

/** D14: windows of `daysPerChunk` days between the calendar dates of MIN and MAX. */
export function dayWindows(minDay: bigint, maxDay: bigint, daysPerChunk: number): ChunkWindow[] {
  return rangeWindows(minDay, maxDay, BigInt(daysPerChunk))
}

/** An integer key as the engine printed it (`42`, `-7`, `42.000`); `undefined` for anything else. */
export function parseKey(text: string): bigint | undefined {
  const m = /^\s*(-?\d+)(?:\.0*)?\s*$/.exec(text)
  return m?.[1] === undefined ? undefined : BigInt(m[1])
}

/** The bytes hashed for the plan fingerprint (I05); only the plain range shape includes chunk_size. */
export function fingerprintInput(baseQuery: string, column: string, shape: ChunkShape): string {
  const US = '\x1f'
  const tail = shape.kind === 'days' ? `date_${shape.days}d` : shape.kind === 'dense' ? 'dense_rn' : shape.kind === 'count' ? `count_${shape.count}` : `${shape.size}${US}range`
  return `${baseQuery}${US}${column}${US}${tail}`
}

/** I05 `plan_hash`: 16 lowercase hex digits of XXH3-64 (seed 0) over {@link fingerprintInput}. */
export function planFingerprint(baseQuery: string, column: string, shape: ChunkShape): Promise<string> {
  return xxhash3(fingerprintInput(baseQuery, column, shape))
}
