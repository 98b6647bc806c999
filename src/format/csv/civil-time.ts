import type { ByteSink } from './byte-sink.js'

const MICROS_PER_DAY = 86_400_000_000
const MICROS_PER_DAY_N = 86_400_000_000n

/**
 * Proleptic Gregorian calendar text for CSV (G03), matching chrono's `%Y`: years 0–9999
 * zero-padded to four digits, later years with `+`, earlier ones with `-` and four digits.
 */
export function writeDate(sink: ByteSink, days: number): void {
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
  if (sink.pos + 16 > sink.buf.length) sink.ensure(16)
  if (y >= 0 && y <= 9999) {
    const hi = (y / 100) | 0
    sink.two(hi)
    sink.two(y - hi * 100)
  } else if (y > 9999) {
    sink.buf[sink.pos++] = 43 // +
    sink.digits(y)
  } else {
    sink.buf[sink.pos++] = 45 // -
    sink.digits(-y, 4)
  }
  if (sink.pos + 6 > sink.buf.length) sink.ensure(6)
  const b = sink.buf
  const p = sink.pos
  const m1 = (m / 10) | 0
  const d1 = (d / 10) | 0
  b[p] = 45
  b[p + 1] = 48 + m1
  b[p + 2] = 48 + m - m1 * 10
  b[p + 3] = 45
  b[p + 4] = 48 + d1
  b[p + 5] = 48 + d - d1 * 10
  sink.pos = p + 6
}

/** `HH:MM:SS.ffffff` for microseconds since midnight (hours are not wrapped). */
export function writeTimeOfDay(sink: ByteSink, micros: number): void {
  const secs = Math.floor(micros / 1_000_000)
  const frac = micros - secs * 1_000_000
  const hours = Math.floor(secs / 3600)
  const rest = secs - hours * 3600
  const minutes = (rest / 60) | 0
  if (hours < 100) {
    sink.ensure(2)
    sink.two(hours)
  } else {
    sink.digits(hours, 2)
  }
  sink.ensure(13)
  const b = sink.buf
  b[sink.pos++] = 58 // :
  sink.two(minutes)
  b[sink.pos++] = 58
  sink.two(rest - minutes * 60)
  b[sink.pos++] = 46 // .
  const f1 = (frac / 10000) | 0
  const f2 = ((frac - f1 * 10000) / 100) | 0
  sink.two(f1)
  sink.two(f2)
  sink.two(frac - f1 * 10000 - f2 * 100)
}

/**
 * `YYYY-MM-DDTHH:MM:SS.ffffff` for microseconds since the epoch given as the two 32-bit
 * halves of an int64 (UTC for tz columns, wall clock for naive ones).
 */
export function writeTimestampMicros(sink: ByteSink, lo: number, hi: number): void {
  let days: number
  let rem: number
  if (hi >= -0x200000 && hi < 0x200000) {
    const micros = hi * 4294967296 + lo
    days = Math.floor(micros / MICROS_PER_DAY)
    rem = micros - days * MICROS_PER_DAY
  } else {
    const micros = (BigInt(hi) << 32n) | BigInt(lo)
    let d = micros / MICROS_PER_DAY_N
    let r = micros % MICROS_PER_DAY_N
    if (r < 0n) {
      d -= 1n
      r += MICROS_PER_DAY_N
    }
    days = Number(d)
    rem = Number(r)
  }
  writeDate(sink, days)
  sink.ensure(1)
  sink.buf[sink.pos++] = 84 // T
  writeTimeOfDay(sink, rem)
}
