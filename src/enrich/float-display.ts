/**
 * Float text as arrow-rs displays it (the `ryu` crate): the shortest digits that read back as
 * the same value, always with a `.0` or fraction in plain form, scientific form (`1e16`,
 * `1.5e-7`, no `+`) outside the plain range, `NaN`, `inf`, `-inf`, and `-0.0` kept.
 */

/** Plain-form limits of ryu: f64 prints plainly for 10^-5 ≤ |v| < 10^16, f32 for 10^-6 ≤ |v| < 10^13. */
const F64 = { maxKk: 16, minKk: -4 } as const
const F32 = { maxKk: 13, minKk: -5 } as const

export function float64Display(x: number): string {
  const special = nonFinite(x)
  if (special !== undefined) return special
  const a = Math.abs(x)
  // fast paths: JavaScript already prints the shortest digits plainly in this range
  if (Number.isInteger(x) && a < 1e16) return `${String(x)}.0`
  if (a >= 1e-5 && a < 1e16) return String(x)
  return layout(x.toExponential(), F64)
}

export function float32Display(x: number): string {
  const special = nonFinite(x)
  if (special !== undefined) return special
  // below 2^24 an integral float32 is its own shortest rendering
  if (Number.isInteger(x) && Math.abs(x) < 16_777_216) return `${String(x)}.0`
  return layout(shortestFloat32(x).toExponential(), F32)
}

function nonFinite(x: number): string | undefined {
  if (Number.isNaN(x)) return 'NaN'
  if (x === Number.POSITIVE_INFINITY) return 'inf'
  if (x === Number.NEGATIVE_INFINITY) return '-inf'
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0'
  return undefined
}

/** The shortest decimal (as a double) that rounds to the same float32. */
function shortestFloat32(x: number): number {
  for (let p = 1; p < 9; p++) {
    const candidate = Number(x.toPrecision(p))
    if (Math.fround(candidate) === x) return candidate
  }
  return Number(x.toPrecision(9))
}

/** Lays out `d.ddde±N` (shortest digits) the way ryu's `format32`/`format64` do. */
function layout(exponential: string, limits: { maxKk: number; minKk: number }): string {
  const negative = exponential.startsWith('-')
  const e = exponential.indexOf('e')
  const mantissa = exponential.slice(negative ? 1 : 0, e)
  const digits = mantissa.replace('.', '')
  const length = digits.length
  const kk = Number(exponential.slice(e + 1)) + 1 // 10^(kk-1) <= v < 10^kk
  const sign = negative ? '-' : ''
  if (kk >= length && kk <= limits.maxKk) return `${sign}${digits}${'0'.repeat(kk - length)}.0`
  if (kk > 0 && kk <= limits.maxKk) return `${sign}${digits.slice(0, kk)}.${digits.slice(kk)}`
  if (kk <= 0 && kk >= limits.minKk) return `${sign}0.${'0'.repeat(-kk)}${digits}`
  const exp = String(kk - 1)
  if (length === 1) return `${sign}${digits}e${exp}`
  return `${sign}${digits.slice(0, 1)}.${digits.slice(1)}e${exp}`
}
