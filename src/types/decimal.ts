import { RivetError } from '../errors/index.js'

/**
 * Exact decimal handling (Q09): text ↔ scaled integers without ever passing through a
 * float. A decimal(p,s) value `v` is stored as the integer `v × 10^s`; fractional digits
 * beyond `s` are truncated toward zero (never rounded) and shorter fractions are padded.
 * Precision is not checked per value (as upstream); only the storage width is.
 */

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** Arrow storage width in bytes for a decimal of this precision (128-bit up to 38 digits). */
export function decimalByteWidth(precision: number): 16 | 32 {
  return precision <= 38 ? 16 : 32
}

export function decimalParseError(text: string, precision: number, scale: number, cause?: unknown): RivetError {
  return new RivetError('RIVET_DECIMAL_PARSE', `cannot parse DECIMAL '${text}' as decimal(${precision},${scale})`, {
    hint: 'the value is not a finite decimal number; exclude it in the query or override the column type in `columns:`',
    ...(cause === undefined ? {} : { cause }),
  })
}

/**
 * Parses decimal text (`-12.345`, `+.5`, `1.5E+3` from drivers) into the integer scaled by
 * `10^scale`, truncating extra fractional digits. NaN, Infinity and anything else that is
 * not a finite decimal throw `RIVET_DECIMAL_PARSE`.
 */
export function parseDecimalToScaled(text: string, precision: number, scale: number): bigint {
  const m = DECIMAL_TEXT.exec(text.trim())
  if (m === null) throw decimalParseError(text, precision, scale)
  const intDigits = m[2] ?? ''
  const fracDigits = m[3] ?? ''
  if (intDigits.length === 0 && fracDigits.length === 0) throw decimalParseError(text, precision, scale)
  const exponent = m[4] === undefined ? 0 : Number(m[4])
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 10_000) throw decimalParseError(text, precision, scale)
  // value = digits × 10^(exponent − fracDigits.length); scaled = value × 10^scale
  const digits = intDigits + fracDigits
  const shift = exponent - fracDigits.length + scale
  let magnitude: bigint
  if (shift >= 0) {
    magnitude = BigInt(digits) * 10n ** BigInt(shift)
  } else {
    const keep = digits.length + shift
    magnitude = keep <= 0 ? 0n : BigInt(digits.slice(0, keep))
  }
  return m[1] === '-' ? -magnitude : magnitude
}

/** Renders a scaled integer as exact decimal text at `scale` (`10, 2` → `0.10`). */
export function formatScaledDecimal(value: bigint, scale: number): string {
  if (scale <= 0) return (scale === 0 ? value : value * 10n ** BigInt(-scale)).toString()
  const negative = value < 0n
  const digits = (negative ? -value : value).toString()
  const padded = digits.length <= scale ? '0'.repeat(scale - digits.length + 1) + digits : digits
  const cut = padded.length - scale
  return `${negative ? '-' : ''}${padded.slice(0, cut)}.${padded.slice(cut)}`
}

const LIMITS: Record<16 | 32, { min: bigint; max: bigint }> = {
  16: { min: -(1n << 127n), max: (1n << 127n) - 1n },
  32: { min: -(1n << 255n), max: (1n << 255n) - 1n },
}

/** True when `value` fits the two's-complement width (16 or 32 bytes). */
export function fitsDecimalWidth(value: bigint, byteWidth: 16 | 32): boolean {
  const { min, max } = LIMITS[byteWidth]
  return value >= min && value <= max
}

/**
 * Writes `value` as little-endian two's complement into `byteWidth` bytes of `target` at
 * `offset`. The caller checks the range with {@link fitsDecimalWidth}.
 */
export function writeDecimalLE(value: bigint, target: Uint8Array, offset: number, byteWidth: 16 | 32): void {
  let v = BigInt.asUintN(byteWidth * 8, value)
  for (let i = 0; i < byteWidth; i += 4) {
    const word = Number(v & 0xffffffffn)
    target[offset + i] = word & 0xff
    target[offset + i + 1] = (word >>> 8) & 0xff
    target[offset + i + 2] = (word >>> 16) & 0xff
    target[offset + i + 3] = word >>> 24
    v >>= 32n
  }
}

/** Reads a little-endian two's-complement integer of `byteWidth` bytes. */
export function readDecimalLE(source: Uint8Array, offset: number, byteWidth: 16 | 32): bigint {
  let v = 0n
  for (let i = byteWidth - 4; i >= 0; i -= 4) {
    const word =
      (source[offset + i] ?? 0) |
      ((source[offset + i + 1] ?? 0) << 8) |
      ((source[offset + i + 2] ?? 0) << 16) |
      (((source[offset + i + 3] ?? 0) << 24) >>> 0)
    v = (v << 32n) | BigInt(word >>> 0)
  }
  return BigInt.asIntN(byteWidth * 8, v)
}
