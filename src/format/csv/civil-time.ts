import type { CellWriter } from './cell-writer.js'
import { ONES, PAIRS, TENS, writePadded, writeUint } from './digits.js'

const MICROS_PER_DAY = 86_400_000_000
const MICROS_PER_DAY_N = 86_400_000_000n
const HUNDRED_HOURS = 360_000_000_000
const TWO_32 = 4294967296

/** Cell bounds, junk included: a day's text is copied as 16 bytes; `+294247-01-10T04:00:54.775807` is 29. */
export const DATE_BOUND = 16
export const TIME_BOUND = 32
export const TIMESTAMP_BOUND = 32

/**
 * Proleptic Gregorian calendar text for CSV (G03), matching chrono's `%Y`: years 0–9999
 * zero-padded to four digits, later years with `+`, earlier ones with `-` and four digits.
 */
export function writeDate(b: Uint8Array, o: DataView, p: number, days: number): number {
  // Howard Hinnant's civil_from_days in int32 arithmetic (|days| < 2^31 / 146097 × 400 years)
  const z = days + 719468
  const era = ((z >= 0 ? z : z - 146096) / 146097) | 0
  const doe = z - era * 146097
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36524) | 0) - ((doe / 146096) | 0)) / 365) | 0
  const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0))
  const mp = ((5 * doy + 2) / 153) | 0
  const d = doy - (((153 * mp + 2) / 5) | 0) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  let q = p
  if (y >= 0 && y <= 9999) {
    const hi = (y / 100) | 0
    o.setUint16(q, PAIRS[hi] as number, true)
    o.setUint16(q + 2, PAIRS[y - hi * 100] as number, true)
    q += 4
  } else if (y > 9999) {
    b[q] = 43 // +
    q = writeUint(b, o, q + 1, y)
  } else {
    b[q] = 45 // -
    q = writePadded(b, o, q + 1, -y, 4)
  }
  b[q] = 45
  o.setUint16(q + 1, PAIRS[m] as number, true)
  b[q + 3] = 45
  o.setUint16(q + 4, PAIRS[d] as number, true)
  return q + 6
}

/** `HH:MM:SS.ffffff` for 0 ≤ `micros` < 100 hours, as three 32-bit and two smaller stores. */
function writeClock(b: Uint8Array, o: DataView, p: number, micros: number): number {
  // a multiplication is cheaper than a division; the product is off by at most one second
  let secs = Math.floor(micros * 0.000001) | 0
  let frac = micros - secs * 1_000_000
  if (frac < 0) {
    secs--
    frac += 1_000_000
  } else if (frac >= 1_000_000) {
    secs++
    frac -= 1_000_000
  }
  // both fit int32: `| 0` lets the divisions below run as integer arithmetic
  return writeClockParts(b, o, p, secs, frac | 0)
}

/** `HH:MM:SS.ffffff` from whole seconds (< 360000) and microseconds (< 10^6), both int32. */
function writeClockParts(b: Uint8Array, o: DataView, p: number, secs: number, frac: number): number {
  const hours = (secs / 3600) | 0
  const rest = secs - hours * 3600
  const minutes = (rest / 60) | 0
  const f1 = (frac / 10000) | 0
  const f23 = frac - f1 * 10000
  const f2 = (f23 / 100) | 0
  o.setInt32(p, (PAIRS[hours] as number) | (58 << 16) | ((TENS[minutes] as number) << 24), true) // HH:M
  o.setInt32(p + 4, (ONES[minutes] as number) | (58 << 8) | ((PAIRS[rest - minutes * 60] as number) << 16), true) // M:SS
  o.setInt32(p + 8, 46 | ((PAIRS[f1] as number) << 8) | ((TENS[f2] as number) << 24), true) // .fff
  b[p + 12] = ONES[f2] as number
  o.setUint16(p + 13, PAIRS[f23 - f2 * 100] as number, true)
  return p + 15
}

/** `HH:MM:SS.ffffff` for microseconds since midnight (hours are not wrapped). */
export function writeTimeOfDay(b: Uint8Array, o: DataView, p: number, micros: number): number {
  if (micros >= 0 && micros < HUNDRED_HOURS) return writeClock(b, o, p, micros)
  // 100 hours or more, or negative (invalid input): the general arithmetic, byte-for-byte as before
  const secs = Math.floor(micros / 1_000_000)
  const frac = micros - secs * 1_000_000
  const hours = Math.floor(secs / 3600)
  const rest = secs - hours * 3600
  const minutes = (rest / 60) | 0
  let q = hours < 100 ? anyTwo(b, p, hours) : writePadded(b, o, p, hours, 2)
  b[q++] = 58 // :
  q = anyTwo(b, q, minutes)
  b[q++] = 58
  q = anyTwo(b, q, rest - minutes * 60)
  b[q++] = 46 // .
  const f1 = (frac / 10000) | 0
  const f2 = ((frac - f1 * 10000) / 100) | 0
  q = anyTwo(b, q, f1)
  q = anyTwo(b, q, f2)
  return anyTwo(b, q, frac - f1 * 10000 - f2 * 100)
}

/** Two digit bytes by plain arithmetic (no table), for values outside 0–99 too. */
function anyTwo(b: Uint8Array, p: number, v: number): number {
  const t = (v / 10) | 0
  b[p] = 48 + t
  b[p + 1] = 48 + (v - t * 10)
  return p + 2
}

/** Text of one day (with `T` for timestamps) kept as four 32-bit words, copied as 16 bytes. */
class DayText {
  readonly #bytes = new Uint8Array(16)
  readonly #view = new DataView(this.#bytes.buffer)
  length = 0
  w0 = 0
  w1 = 0
  w2 = 0
  w3 = 0

  set(days: number, suffix: number): void {
    let n = writeDate(this.#bytes, this.#view, 0, days)
    if (suffix !== 0) this.#bytes[n++] = suffix
    this.keep(this.#view, 0, n)
  }

  /** Takes the `length` bytes of text at `p` of `o` (16 readable bytes) as the text to copy. */
  keep(o: DataView, p: number, length: number): void {
    this.length = length
    this.w0 = o.getInt32(p, true)
    this.w1 = o.getInt32(p + 4, true)
    this.w2 = o.getInt32(p + 8, true)
    this.w3 = o.getInt32(p + 12, true)
  }

  /** Stores all 16 bytes; the bytes past `length` are junk for the caller to overwrite. */
  copy(o: DataView, p: number): number {
    o.setInt32(p, this.w0, true)
    o.setInt32(p + 4, this.w1, true)
    o.setInt32(p + 8, this.w2, true)
    o.setInt32(p + 12, this.w3, true)
    return p + this.length
  }
}

/** Date32 column (days since the epoch); a repeat of the previous row's day reuses its text. */
export function dateWriter(days: Int32Array): CellWriter {
  const text = new DayText()
  let last = Number.NaN
  return (b, o, p, i) => {
    const d = days[i] as number
    if (d === last) return text.copy(o, p)
    // a new day is rendered in place and its text taken from there, junk past it included
    last = d
    const end = writeDate(b, o, p, d)
    text.keep(o, p, end - p)
    return end
  }
}

/** Time64(µs) column given as 32-bit words (lo at 2i, hi at 2i+1). */
export function timeWriter(w: Int32Array): CellWriter {
  return (b, o, p, i) => writeTimeOfDay(b, o, p, (w[i * 2 + 1] as number) * TWO_32 + ((w[i * 2] as number) >>> 0))
}

/**
 * Timestamp(µs) column as `YYYY-MM-DDTHH:MM:SS.ffffff` (UTC for tz columns, wall clock for
 * naive ones). Consecutive values usually fall on the same day, so the `YYYY-MM-DDT` text of
 * the last day is kept and reused while values stay inside that day.
 */
export function timestampWriter(w: Int32Array): CellWriter {
  const day = new DayText()
  let dayStart = 0
  let dayEnd = 0 // empty range: the first value computes its day
  return (b, o, p, i) => {
    const lo = (w[i * 2] as number) >>> 0
    const hi = w[i * 2 + 1] as number
    if (hi >= -0x200000 && hi < 0x200000) {
      // |micros| < 2^53: exact in a double, and |days| < 2^17 keeps the floor division exact
      const micros = hi * TWO_32 + lo
      if (micros < dayStart || micros >= dayEnd) {
        const days = Math.floor(micros / MICROS_PER_DAY)
        dayStart = days * MICROS_PER_DAY
        dayEnd = dayStart + MICROS_PER_DAY
        day.set(days, 84) // T
      }
      // the clock overwrites the junk the 16-byte copy leaves past the day text
      return writeClock(b, o, day.copy(o, p), micros - dayStart)
    }
    const micros = (BigInt(hi) << 32n) | BigInt(lo)
    let d = micros / MICROS_PER_DAY_N
    let r = micros % MICROS_PER_DAY_N
    if (r < 0n) {
      d -= 1n
      r += MICROS_PER_DAY_N
    }
    const q = writeDate(b, o, p, Number(d))
    b[q] = 84
    return writeClock(b, o, q + 1, Number(r))
  }
}
