import type { ByteSink } from './byte-sink.js'

const MICROS_PER_DAY = 86_400_000_000
const MICROS_PER_DAY_N = 86_400_000_000n

/**
 * Proleptic Gregorian calendar text for CSV (G03), matching chrono's `%Y`: years 0–9999
 * zero-padded to four digits, later years with `+`, earlier ones with `-` and four digits.
 */
export function writeDate(sink: ByteSink, days: number): void {
  // Howard Hinnant's civil_from_days
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  sink.ensure(2)
  if (y > 9999) {
    sink.buf[sink.pos++] = 43 // +
    sink.digits(y)
  } else if (y < 0) {
    sink.buf[sink.pos++] = 45 // -
    sink.digits(-y, 4)
  } else {
    sink.digits(y, 4)
  }
  sink.ensure(6)
  sink.buf[sink.pos++] = 45
  sink.digits(m, 2)
  sink.buf[sink.pos++] = 45
  sink.digits(d, 2)
}

/** `HH:MM:SS.ffffff` for microseconds since midnight (hours are not wrapped). */
export function writeTimeOfDay(sink: ByteSink, micros: number): void {
  const secs = Math.floor(micros / 1_000_000)
  const frac = micros - secs * 1_000_000
  sink.digits(Math.floor(secs / 3600), 2)
  sink.ensure(1)
  sink.buf[sink.pos++] = 58 // :
  sink.digits(Math.floor((secs % 3600) / 60), 2)
  sink.ensure(1)
  sink.buf[sink.pos++] = 58
  sink.digits(secs % 60, 2)
  sink.ensure(1)
  sink.buf[sink.pos++] = 46 // .
  sink.digits(frac, 6)
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
