import type { ByteBuffer } from './byte-buffer.js'

/**
 * Dates, times and timestamps as arrow-rs displays them with default options (chrono):
 * `YYYY-MM-DD` (years outside 0–9999 as `+10000` / `-0001`), `HH:MM:SS` with the fraction
 * only when non-zero and in 3, 6 or 9 digits, naive timestamps as `dateTtime`, zoned ones
 * as RFC 3339 with `Z` for a zero offset, else `±HH:MM`.
 */

const NANOS_PER_SECOND = 1_000_000_000

export function writeDate(out: ByteBuffer, days: number): void {
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
  if (y > 9999) {
    out.byte(43)
    out.digits(y, 4)
  } else if (y < 0) {
    out.byte(45)
    out.digits(-y, 4)
  } else {
    out.digits(y, 4)
  }
  out.byte(45)
  out.digits(m, 2)
  out.byte(45)
  out.digits(d, 2)
}

/** `HH:MM:SS[.fff|.ffffff|.fffffffff]`; `seconds` since midnight, `nanos` below one second. */
export function writeTime(out: ByteBuffer, seconds: number, nanos: number): void {
  const h = Math.floor(seconds / 3600)
  if (h > 99) {
    out.digits(h, 2)
  } else {
    out.ensure(2)
    two(out.buf, out.pos, h)
    out.pos += 2
  }
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  out.ensure(6)
  const b = out.buf
  const p = out.pos
  b[p] = 58
  two(b, p + 1, m)
  b[p + 3] = 58
  two(b, p + 4, s)
  out.pos = p + 6
  if (nanos === 0) return
  out.byte(46)
  if (nanos % 1_000_000 === 0) out.digits(nanos / 1_000_000, 3)
  else if (nanos % 1000 === 0) out.digits(nanos / 1000, 6)
  else out.digits(nanos, 9)
}

function two(b: Uint8Array, p: number, v: number): void {
  b[p] = 48 + Math.floor(v / 10)
  b[p + 1] = 48 + (v % 10)
}

/**
 * Splits a 64-bit count of `unitNanos`-sized ticks (two 32-bit halves) into floored seconds
 * and sub-second nanos, left in {@link ticks} (no per-cell allocation).
 */
export const ticks = { seconds: 0, nanos: 0 }

export function splitTicks(lo: number, hi: number, unitNanos: number): void {
  const perSecond = NANOS_PER_SECOND / unitNanos
  if (hi >= -0x200000 && hi < 0x200000) {
    const v = hi * 4294967296 + lo
    const seconds = Math.floor(v / perSecond)
    ticks.seconds = seconds
    ticks.nanos = (v - seconds * perSecond) * unitNanos
    return
  }
  const v = (BigInt(hi) << 32n) | BigInt(lo)
  const per = BigInt(perSecond)
  let seconds = v / per
  let rem = v % per
  if (rem < 0n) {
    seconds -= 1n
    rem += per
  }
  ticks.seconds = Number(seconds)
  ticks.nanos = Number(rem) * unitNanos
}

const lastDate = { days: Number.NaN, bytes: new Uint8Array(16), length: 0 }

/** `dateTtime` of seconds since the epoch (wall clock), as chrono's `NaiveDateTime` debug form. */
export function writeDateTime(out: ByteBuffer, seconds: number, nanos: number): void {
  const days = Math.floor(seconds / 86400)
  // consecutive rows mostly share a day: reuse its rendered bytes
  if (days === lastDate.days) {
    out.bytes(lastDate.bytes, 0, lastDate.length)
  } else {
    const start = out.pos
    writeDate(out, days)
    lastDate.length = Math.min(out.pos - start, 16)
    lastDate.bytes.set(out.buf.subarray(start, start + lastDate.length))
    lastDate.days = out.pos - start <= 16 ? days : Number.NaN
  }
  out.byte(84)
  writeTime(out, seconds - days * 86400, nanos)
}

/** The offset (seconds east of UTC) of a timestamp column's zone at an instant. */
export type ZoneOffset = (epochSeconds: number) => number

const UTC_NAMES = new Set(['utc', 'etc/utc', 'z', 'gmt', 'etc/gmt', 'zulu', 'universal', 'etc/universal'])
const FIXED = /^([+-])(\d{2}):?(\d{2})?$/

/** Resolves a column's zone: UTC aliases and `±HH[:MM]` are fixed; IANA names go through Intl. */
export function zoneOffset(tz: string): ZoneOffset {
  if (UTC_NAMES.has(tz.toLowerCase())) return () => 0
  const m = FIXED.exec(tz)
  if (m !== null) {
    const secs = (Number(m[2]) * 3600 + Number(m[3] ?? '0') * 60) * (m[1] === '-' ? -1 : 1)
    return () => secs
  }
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    era: 'short',
  })
  return (epochSeconds) => {
    const parts: Record<string, string> = {}
    for (const p of fmt.formatToParts(new Date(epochSeconds * 1000))) parts[p.type] = p.value
    const year = parts.era === 'BC' ? 1 - Number(parts.year) : Number(parts.year)
    const local = new Date(0)
    // setUTCFullYear, not Date.UTC: the latter maps years 0–99 to 1900–1999
    local.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day))
    local.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), 0)
    return Math.round(local.getTime() / 1000 - Math.floor(epochSeconds))
  }
}

/** RFC 3339 as chrono's `to_rfc3339_opts(AutoSi, true)` writes it. */
export function writeZoned(out: ByteBuffer, seconds: number, nanos: number, offset: number): void {
  writeDateTime(out, seconds + offset, nanos)
  if (offset === 0) {
    out.byte(90)
    return
  }
  const a = Math.abs(offset)
  out.byte(offset < 0 ? 45 : 43)
  out.digits(Math.floor(a / 3600), 2)
  out.byte(58)
  out.digits(Math.floor((a % 3600) / 60), 2)
}
