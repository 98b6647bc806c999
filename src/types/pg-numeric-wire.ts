import { decimalParseError } from './decimal.js'

/**
 * PostgreSQL binary NUMERIC (`numeric_send`): big-endian `uint16 ndigits, int16 weight,
 * uint16 sign, uint16 dscale`, then `ndigits` base-10000 limbs. The value is
 * Σ limb[i] × 10000^(weight − i). NaN and ±Infinity have no decimal form and are rejected,
 * as are malformed payloads.
 */

const SIGN_POS = 0x0000
const SIGN_NEG = 0x4000
const SIGN_NAN = 0xc000
const SIGN_PINF = 0xd000
const SIGN_NINF = 0xf000

const SPECIAL: Readonly<Record<number, string>> = { [SIGN_NAN]: 'NaN', [SIGN_PINF]: 'Infinity', [SIGN_NINF]: '-Infinity' }

/**
 * Decodes the payload in `bytes[start, end)` into the integer scaled by `10^scale`
 * (fractional digits beyond `scale` truncated toward zero, Q09). Returns a `number` when the
 * result is a safe integer (the common case, no BigInt work), a `bigint` otherwise.
 */
export function decodePgNumeric(
  bytes: Uint8Array,
  start: number,
  end: number,
  precision: number,
  scale: number,
): number | bigint {
  const len = end - start
  if (len < 8) throw decimalParseError('<truncated binary numeric>', precision, scale)
  const ndigits = ((bytes[start] ?? 0) << 8) | (bytes[start + 1] ?? 0)
  const rawWeight = ((bytes[start + 2] ?? 0) << 8) | (bytes[start + 3] ?? 0)
  const weight = rawWeight >= 0x8000 ? rawWeight - 0x10000 : rawWeight
  const sign = ((bytes[start + 4] ?? 0) << 8) | (bytes[start + 5] ?? 0)
  if (sign !== SIGN_POS && sign !== SIGN_NEG) {
    throw decimalParseError(SPECIAL[sign] ?? `<binary numeric sign 0x${sign.toString(16)}>`, precision, scale)
  }
  if (len < 8 + ndigits * 2) throw decimalParseError('<truncated binary numeric>', precision, scale)
  if (ndigits === 0) return 0

  // value = N × 10^(4 × (weight − ndigits + 1)), N the limbs read as one base-10000 integer
  const exp10 = 4 * (weight - ndigits + 1) + scale
  // Limbs that survive truncation: drop whole trailing limbs below the target scale.
  let used = ndigits
  let shift = exp10
  if (shift < 0) {
    const dropLimbs = Math.min(ndigits, Math.floor(-shift / 4))
    used = ndigits - dropLimbs
    shift += dropLimbs * 4
  }
  if (used === 0) return 0

  const negative = sign === SIGN_NEG
  // Fast path: up to 3 limbs (< 10^12) and a small shift stay exact in a double.
  if (used <= 3 && shift <= 3) {
    let n = 0
    for (let i = 0; i < used; i++) n = n * 10000 + readLimb(bytes, start + 8 + i * 2, precision, scale)
    if (shift >= 0) n *= 10 ** shift
    else n = Math.trunc(n / 10 ** -shift)
    return negative && n !== 0 ? -n : n
  }
  let big = 0n
  for (let i = 0; i < used; i++) big = big * 10000n + BigInt(readLimb(bytes, start + 8 + i * 2, precision, scale))
  if (shift >= 0) big *= 10n ** BigInt(shift)
  else big /= 10n ** BigInt(-shift)
  return negative ? -big : big
}

function readLimb(bytes: Uint8Array, at: number, precision: number, scale: number): number {
  const limb = ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0)
  if (limb >= 10000) throw decimalParseError(`<binary numeric limb ${limb}>`, precision, scale)
  return limb
}
