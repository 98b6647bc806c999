/**
 * `x` with exactly `digits` fraction digits as Rust's `{:.N}` prints it: the nearest
 * decimal to the exact binary value, and an exact tie (e.g. 0.03125 → 4 digits, or 2.25 →
 * 1 digit) rounded to the even last digit. `toFixed` would round such ties up.
 */
export function fixedDecimal(x: number, digits: number): string {
  const text = x.toFixed(digits)
  if (!Number.isFinite(x)) return text
  const scaled = Math.abs(x) * 10 ** digits
  const floor = Math.floor(scaled)
  // a tie is representable only when the scaled value is exactly k + 0.5 in binary
  if (scaled - floor !== 0.5 || !isExactTie(Math.abs(x), digits, floor)) return text
  const even = floor % 2 === 0 ? floor : floor + 1
  const magnitude = (even / 10 ** digits).toFixed(digits)
  return x < 0 ? `-${magnitude}` : magnitude
}

/** True when |x| is exactly (floor + 0.5) / 10^digits, checked with integer arithmetic. */
function isExactTie(a: number, digits: number, floor: number): boolean {
  // a = m · 2^e exactly; compare a · 2 · 10^digits with 2·floor + 1 as exact integers
  const [m, e] = decompose(a)
  const lhs = m * 2n * 10n ** BigInt(digits)
  const rhs = BigInt(2 * floor + 1)
  return e >= 0 ? lhs << BigInt(e) === rhs : lhs === rhs << BigInt(-e)
}

/** A finite positive double as an integer mantissa and a binary exponent. */
function decompose(a: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, a)
  const hi = view.getUint32(0)
  const lo = view.getUint32(4)
  const exp = (hi >>> 20) & 0x7ff
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo)
  if (exp === 0) return [frac, -1074]
  return [frac | (1n << 52n), exp - 1075]
}
