/**
 * Proleptic-Gregorian calendar arithmetic on day numbers (days since 1970-01-01), exact for
 * any year, without Date (whose range and 0–99 year mapping get in the way). Pure.
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

export function civilFromDays(days: number): { y: number; m: number; d: number } {
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d }
}

const p2 = (n: number): string => String(n).padStart(2, '0')

/** `YYYY-MM-DD` (years below 0 or above 9999 keep their sign/width). */
export function isoDate(days: number): string {
  const { y, m, d } = civilFromDays(days)
  const year = y < 0 ? `-${String(-y).padStart(4, '0')}` : String(y).padStart(4, '0')
  return `${year}-${p2(m)}-${p2(d)}`
}

const MICROS_PER_DAY = 86_400_000_000n

/** `YYYY-MM-DDTHH:MM:SS.ffffff` of microseconds since the epoch (UTC, no offset). */
export function isoTimestampMicros(micros: bigint): string {
  let days = micros / MICROS_PER_DAY
  let rem = micros % MICROS_PER_DAY
  if (rem < 0n) {
    rem += MICROS_PER_DAY
    days -= 1n
  }
  const us = Number(rem)
  const secs = Math.floor(us / 1_000_000)
  const frac = String(us % 1_000_000).padStart(6, '0')
  return `${isoDate(Number(days))}T${p2(Math.floor(secs / 3600))}:${p2(Math.floor(secs / 60) % 60)}:${p2(secs % 60)}.${frac}`
}
