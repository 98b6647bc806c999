import { daysFromCivil } from '../../temporal/civil.js'

/**
 * Parsers for PostgreSQL's text output format (DateStyle ISO, TimeZone UTC,
 * IntervalStyle iso_8601). Pure functions over strings; no allocation per call beyond
 * results. Out-of-range values (infinity, BC beyond Arrow's range) are reported by
 * returning `undefined` so the caller can raise a column-named error.
 */

const MICROS_PER_DAY = 86_400_000_000
/** |days| below this keeps `days × µs/day` inside Number's exact integer range. */
const SAFE_DAYS = 104_000

function digitsAt(s: string, start: number, end: number): number {
  let v = 0
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return NaN
    v = v * 10 + c
  }
  return v
}

interface DatePart {
  readonly days: number
  /** Index just after the `YYYY-MM-DD` part. */
  readonly end: number
}

/** `YYYY-MM-DD` (year may have more than 4 digits); BC suffix handled by the caller. */
function parseDatePart(s: string): DatePart | undefined {
  const dash = s.indexOf('-', 1)
  if (dash < 4) return undefined
  const y = digitsAt(s, 0, dash)
  const m = digitsAt(s, dash + 1, dash + 3)
  const d = digitsAt(s, dash + 4, dash + 6)
  if (Number.isNaN(y + m + d)) return undefined
  const bc = s.endsWith(' BC')
  return { days: daysFromCivil(bc ? 1 - y : y, m, d), end: dash + 6 }
}

/** `date` text → days since epoch. */
export function parseDate(s: string): number | undefined {
  return parseDatePart(s)?.days
}

/** `HH:MM:SS[.f…]` at `start` → microseconds of day, and the index after it. */
function parseClock(s: string, start: number): { micros: number; end: number } | undefined {
  const h = digitsAt(s, start, start + 2)
  const mi = digitsAt(s, start + 3, start + 5)
  const se = digitsAt(s, start + 6, start + 8)
  if (Number.isNaN(h + mi + se)) return undefined
  let micros = ((h * 60 + mi) * 60 + se) * 1_000_000
  let i = start + 8
  if (s.charCodeAt(i) === 46 /* . */) {
    i++
    let scale = 100_000
    while (i < s.length) {
      const c = s.charCodeAt(i) - 48
      if (c < 0 || c > 9) break
      micros += c * scale
      scale /= 10
      i++
    }
  }
  return { micros, end: i }
}

/** `time` text → microseconds since midnight. */
export function parseTime(s: string): number | undefined {
  return parseClock(s, 0)?.micros
}

/**
 * `timestamp[tz]` text → microseconds since epoch (number when exact, else bigint).
 * With TimeZone = UTC the server prints `+00`; any other offset is applied anyway.
 */
export function parseTimestamp(s: string): number | bigint | undefined {
  const date = parseDatePart(s)
  if (date === undefined) return undefined
  const clock = parseClock(s, date.end + 1)
  if (clock === undefined) return undefined
  let micros = clock.micros
  const sign = s.charCodeAt(clock.end)
  if (sign === 43 /* + */ || sign === 45 /* - */) {
    const offH = digitsAt(s, clock.end + 1, clock.end + 3)
    const offM = s.charCodeAt(clock.end + 3) === 58 ? digitsAt(s, clock.end + 4, clock.end + 6) : 0
    const offS = s.charCodeAt(clock.end + 6) === 58 ? digitsAt(s, clock.end + 7, clock.end + 9) : 0
    const off = ((offH * 60 + offM) * 60 + offS) * 1_000_000
    micros += sign === 43 ? -off : off
  }
  if (Math.abs(date.days) < SAFE_DAYS) return date.days * MICROS_PER_DAY + micros
  return BigInt(date.days) * BigInt(MICROS_PER_DAY) + BigInt(micros)
}

/** `bytea` hex output (`\x0102…`) → bytes. */
export function parseByteaHex(s: string): Uint8Array {
  return Buffer.from(s.startsWith('\\x') ? s.slice(2) : s, 'hex')
}

/**
 * `interval` in IntervalStyle iso_8601 → rivet's ISO 8601 form, which always prints
 * fractional seconds with six digits (`P1DT2H3M4.500000S`).
 */
export function normalizeInterval(s: string): string {
  const m = /(-?\d+)\.(\d{1,6})S$/.exec(s)
  if (m === null) return s
  return `${s.slice(0, m.index)}${m[1] ?? ''}.${(m[2] ?? '').padEnd(6, '0')}S`
}

/**
 * One-dimensional array literal → element texts (null for NULL). Returns `undefined` for
 * a multi-dimensional array.
 */
export function parseArrayLiteral(s: string): (string | null)[] | undefined {
  let i = s.charCodeAt(0) === 91 /* [ */ ? s.indexOf('=') + 1 : 0
  if (s.charCodeAt(i) !== 123 /* { */) return undefined
  i++
  const out: (string | null)[] = []
  if (s.charCodeAt(i) === 125 /* } */) return out
  while (i < s.length) {
    const c = s.charCodeAt(i)
    if (c === 123 /* { */) return undefined
    if (c === 34 /* " */) {
      let v = ''
      i++
      while (i < s.length && s.charCodeAt(i) !== 34) {
        if (s.charCodeAt(i) === 92 /* \ */) i++
        v += s[i] ?? ''
        i++
      }
      out.push(v)
      i++ // closing quote
    } else {
      let j = i
      while (j < s.length && s.charCodeAt(j) !== 44 && s.charCodeAt(j) !== 125) j++
      const raw = s.slice(i, j)
      out.push(raw === 'NULL' ? null : raw)
      i = j
    }
    if (s.charCodeAt(i) === 44 /* , */) i++
    else break
  }
  return out
}
