/**
 * Byte-level parsers for MySQL wire values (ASCII digits in the text protocol, packed
 * fields in the binary protocol). Pure and allocation-free: every parser returns
 * `undefined` for anything outside its plain shape, and the caller then takes the exact,
 * slower path (mysql2's value + `decode.ts`), so unusual values keep one behaviour.
 */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]
/** Beyond this many microseconds (|ms| ≥ 9e12, years ≥ 2255) a timestamp needs a BigInt. */
const SAFE_MICROS = 9_000_000_000_000_000

/** The length-encoded integer's value at `pos`; 0xfb (NULL) is the caller's check. */
export function lenEncValue(buf: Uint8Array, pos: number): number {
  const b0 = buf[pos] as number
  if (b0 < 0xfb) return b0
  if (b0 === 0xfc) return (buf[pos + 1] as number) | ((buf[pos + 2] as number) << 8)
  if (b0 === 0xfd) return (buf[pos + 1] as number) | ((buf[pos + 2] as number) << 8) | ((buf[pos + 3] as number) << 16)
  // 0xfe: 8 bytes; a single value never exceeds 2^53 bytes.
  const lo = ((buf[pos + 1] as number) | ((buf[pos + 2] as number) << 8) | ((buf[pos + 3] as number) << 16)) + (buf[pos + 4] as number) * 0x1000000
  const hi = ((buf[pos + 5] as number) | ((buf[pos + 6] as number) << 8) | ((buf[pos + 7] as number) << 16)) + (buf[pos + 8] as number) * 0x1000000
  return hi * 4294967296 + lo
}

/** Bytes taken by the length prefix whose first byte is `b0`. */
export function lenEncSize(b0: number): number {
  return b0 < 0xfb ? 1 : b0 === 0xfc ? 3 : b0 === 0xfd ? 4 : 9
}

/** `[-+]digits` with at most 15 digits, else undefined. */
export function asciiSafeInt(buf: Uint8Array, start: number, end: number): number | undefined {
  let i = start
  let negative = false
  const first = buf[i]
  if (first === 45 || first === 43) {
    negative = first === 45
    i++
  }
  const n = end - i
  if (n < 1 || n > 15) return undefined
  let acc = 0
  for (; i < end; i++) {
    const d = (buf[i] as number) - 48
    if (d < 0 || d > 9) return undefined
    acc = acc * 10 + d
  }
  return negative ? -acc : acc
}

/**
 * Decimal text scaled by 10^scale as a safe integer (≤ 15 significant digits after
 * scaling); extra fractional digits are truncated, like `DecimalColumn.appendText`.
 */
export function asciiScaledDecimal(buf: Uint8Array, start: number, end: number, scale: number): number | undefined {
  if (scale < 0 || scale > 15) return undefined
  let i = start
  let negative = false
  const first = buf[i]
  if (first === 45 || first === 43) {
    negative = first === 45
    i++
  }
  let acc = 0
  let digits = 0
  let frac = 0
  let dot = false
  for (; i < end; i++) {
    const c = buf[i] as number
    if (c >= 48 && c <= 57) {
      if (dot) {
        if (frac === scale) continue
        frac++
      }
      if (++digits > 15) return undefined
      acc = acc * 10 + (c - 48)
    } else if (c === 46 && !dot) {
      dot = true
    } else {
      return undefined
    }
  }
  if (digits === 0) return undefined
  const pad = scale - frac
  if (digits + pad > 15) return undefined
  const v = acc * (POW10[pad] as number)
  return negative && v !== 0 ? -v : v
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

/** True for a real proleptic-Gregorian calendar date (year 0 included, as MySQL allows). */
export function isCivilDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  if (d <= 28) return true
  const last = m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
  return d <= last
}

/** Days since 1970-01-01 of a valid proleptic-Gregorian date (H. Hinnant's days_from_civil). */
export function civilDays(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** Microseconds since the epoch of a valid civil date-time; a BigInt beyond the safe range. */
export function civilMicros(y: number, mo: number, d: number, h: number, mi: number, s: number, us: number): number | bigint {
  return dayMicros(civilDays(y, mo, d), h, mi, s, us)
}

/** Microseconds since the epoch of a time of day on day `days` since the epoch. */
export function dayMicros(days: number, h: number, mi: number, s: number, us: number): number | bigint {
  const secs = days * 86400 + h * 3600 + mi * 60 + s
  const whole = secs * 1_000_000
  if (Math.abs(whole) < SAFE_MICROS) return whole + us
  return BigInt(secs) * 1_000_000n + BigInt(us)
}

function two(buf: Uint8Array, i: number): number {
  const a = (buf[i] as number) - 48
  const b = (buf[i + 1] as number) - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1
}

/** `YYYY-MM-DD` → days since the epoch; undefined for zero/invalid dates or other shapes. */
export function asciiDateDays(buf: Uint8Array, start: number, end: number): number | undefined {
  if (end - start !== 10 || buf[start + 4] !== 45 || buf[start + 7] !== 45) return undefined
  const hi = two(buf, start)
  const lo = two(buf, start + 2)
  const m = two(buf, start + 5)
  const d = two(buf, start + 8)
  if (hi < 0 || lo < 0) return undefined
  const y = hi * 100 + lo
  if (!isCivilDate(y, m, d)) return undefined
  return civilDays(y, m, d)
}

/**
 * `YYYY-MM-DD hh:mm:ss[.f{1,6}]` → microseconds since the epoch; undefined for zero or
 * invalid values and any other shape.
 */
export function asciiDateTimeMicros(buf: Uint8Array, start: number, end: number): number | bigint | undefined {
  const n = end - start
  if (n < 19 || n === 20 || n > 26) return undefined
  if (buf[start + 4] !== 45 || buf[start + 7] !== 45 || buf[start + 10] !== 32 || buf[start + 13] !== 58 || buf[start + 16] !== 58) return undefined
  const hi = two(buf, start)
  const lo = two(buf, start + 2)
  const mo = two(buf, start + 5)
  const d = two(buf, start + 8)
  const h = two(buf, start + 11)
  const mi = two(buf, start + 14)
  const s = two(buf, start + 17)
  if (hi < 0 || lo < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return undefined
  const y = hi * 100 + lo
  if (!isCivilDate(y, mo, d)) return undefined
  let us = 0
  if (n > 19) {
    if (buf[start + 19] !== 46) return undefined
    let k = start + 20
    for (; k < end; k++) {
      const c = (buf[k] as number) - 48
      if (c < 0 || c > 9) return undefined
      us = us * 10 + c
    }
    us *= POW10[26 - n] as number
  }
  return civilMicros(y, mo, d, h, mi, s, us)
}
