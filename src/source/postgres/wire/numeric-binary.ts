import { int16At, uint16At } from './big-endian.js'

/**
 * PostgreSQL binary NUMERIC (`numeric_send`): int16 ndigits, int16 weight, uint16 sign,
 * int16 dscale, then ndigits base-10000 digits, most significant first. The value is
 * Σ digit[i] × 10000^(weight − i).
 */

export const NUMERIC_NAN = 0xc000
export const NUMERIC_PINF = 0xd000
export const NUMERIC_NINF = 0xf000
const NUMERIC_NEG = 0x4000

const POW10 = [1, 10, 100, 1000]
/** Horner steps stay exact in a double while the accumulator is below this. */
const SAFE_BEFORE_STEP = Math.floor(Number.MAX_SAFE_INTEGER / 10000) - 10000

/**
 * The value × 10^scale, truncated toward zero (as the text parser truncates extra
 * fractional digits). Returns a number when it is a safe integer, else a bigint;
 * `undefined` for NaN and ±Infinity.
 */
export function numericToScaled(buf: Buffer, start: number, scale: number): number | bigint | undefined {
  const ndigits = int16At(buf, start)
  const weight = int16At(buf, start + 2)
  const sign = uint16At(buf, start + 4)
  if (sign === NUMERIC_NAN || sign === NUMERIC_PINF || sign === NUMERIC_NINF) return undefined
  // Base-10000 groups down to the one holding the 10^-scale place.
  const groups = weight + 1 + Math.ceil(Math.max(scale, 0) / 4)
  if (groups <= 0 || ndigits === 0) return 0
  // acc = value × 10000^(groups − weight − 1); drop the extra decimal places at the end.
  const extra = 4 * (groups - weight - 1) - scale
  let acc = 0
  let big: bigint | undefined
  for (let g = 0; g < groups; g++) {
    const d = g < ndigits ? int16At(buf, start + 8 + g * 2) : 0
    if (big === undefined) {
      if (acc < SAFE_BEFORE_STEP) {
        acc = acc * 10000 + d
        continue
      }
      big = BigInt(acc)
    }
    big = big * 10000n + BigInt(d)
  }
  const negative = (sign & NUMERIC_NEG) !== 0
  if (big === undefined) {
    const div = POW10[extra] ?? 10 ** extra
    const v = (acc - (acc % div)) / div
    return negative && v !== 0 ? -v : v
  }
  const v = big / 10n ** BigInt(extra)
  const signed = negative ? -v : v
  return signed >= BigInt(Number.MIN_SAFE_INTEGER) && signed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(signed) : signed
}

/** The server's text form of a special NUMERIC, for error messages. */
export function numericSpecialText(buf: Buffer, start: number): string {
  const sign = buf.readUInt16BE(start + 4)
  if (sign === NUMERIC_PINF) return 'Infinity'
  if (sign === NUMERIC_NINF) return '-Infinity'
  return 'NaN'
}
