/**
 * Float text as rivet's CSV contract has it (G03): the shortest decimal that round-trips,
 * never in exponent form, `NaN`, `inf`, `-inf`, and `-0` kept.
 */
export function float64Text(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (v === Number.POSITIVE_INFINITY) return 'inf'
  if (v === Number.NEGATIVE_INFINITY) return '-inf'
  if (v === 0) return Object.is(v, -0) ? '-0' : '0'
  return plain(String(v))
}

/** Shortest text that reads back as the same 32-bit float (what Rust prints for `f32`). */
export function float32Text(v: number): string {
  if (Number.isNaN(v) || v === 0 || !Number.isFinite(v)) return float64Text(v)
  if (Number.isInteger(v) && Math.abs(v) < 16_777_216) return String(v)
  for (let p = 1; p < 9; p++) {
    const candidate = Number(v.toPrecision(p))
    if (Math.fround(candidate) === v) return plain(String(candidate))
  }
  return plain(String(Number(v.toPrecision(9))))
}

/** Rewrites JavaScript's exponent form (`1e+100`, `1.5e-7`) as plain digits. */
export function plain(s: string): string {
  const e = s.indexOf('e')
  if (e < 0) return s
  const negative = s.startsWith('-')
  const mantissa = s.slice(negative ? 1 : 0, e)
  const exponent = Number(s.slice(e + 1))
  const dot = mantissa.indexOf('.')
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1)
  const point = (dot < 0 ? mantissa.length : dot) + exponent
  let out: string
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length)
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`
  return negative ? `-${out}` : out
}
