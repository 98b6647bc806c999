/**
 * MySQL text-protocol temporal values (`dateStrings`). Pure parsers; `null` means a zero
 * date (`0000-00-00…`), `undefined` means the text is not that shape.
 */
const MS_PER_DAY = 86_400_000
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/
const TIME_RE = /^(-)?(\d{1,3}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/

/** Milliseconds since the epoch of a proleptic Gregorian UTC date (years 0–99 kept literal). */
function utcMillis(y: number, mo: number, d: number): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d)
  // Date rolls 2024-02-30 over to March; a value MySQL would never send, but refuse it.
  if (date.getUTCDate() !== d) return undefined
  return date.getTime()
}

function fraction(text: string | undefined): number {
  if (text === undefined) return 0
  return Number(text.padEnd(6, '0'))
}

export function parseMysqlDate(text: string): number | null | undefined {
  const m = DATE_RE.exec(text)
  if (m === null) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (y === 0 && mo === 0 && d === 0) return null
  const ms = utcMillis(y, mo, d)
  return ms === undefined ? undefined : Math.floor(ms / MS_PER_DAY)
}

/** Microseconds since the epoch; a BigInt when beyond the safe-integer range (years ≥ 2255). */
export function parseMysqlDateTime(text: string): number | bigint | null | undefined {
  const m = DATETIME_RE.exec(text)
  if (m === null) return undefined
  const [y, mo, d, h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])]
  if (y === 0 && mo === 0 && d === 0) return null
  const day = utcMillis(y, mo, d)
  if (day === undefined || h > 23 || mi > 59 || s > 59) return undefined
  const ms = day + ((h * 60 + mi) * 60 + s) * 1000
  const us = fraction(m[7])
  if (Math.abs(ms) < 9_000_000_000_000) return ms * 1000 + us
  return BigInt(ms) * 1000n + BigInt(us)
}

/** Signed microseconds of a TIME value (MySQL allows -838:59:59 … 838:59:59). */
export function parseMysqlTime(text: string): number | undefined {
  const m = TIME_RE.exec(text)
  if (m === null) return undefined
  const [h, mi, s] = [Number(m[2]), Number(m[3]), Number(m[4])]
  if (mi > 59 || s > 59) return undefined
  const us = ((h * 60 + mi) * 60 + s) * 1_000_000 + fraction(m[5])
  return m[1] === '-' ? -us : us
}

export const MICROS_PER_DAY = 86_400_000_000
