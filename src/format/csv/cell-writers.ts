import { type Data, type DataType, Type } from 'apache-arrow'
import { formatScaledDecimal, readDecimalLE } from '../../types/decimal.js'
import { binaryWriter, utf8Writer, uuidWriter } from './byte-writers.js'
import type { CellWriter, ColumnWriter } from './cell-writer.js'
import { DATE_BOUND, dateWriter, TIME_BOUND, TIMESTAMP_BOUND, timestampWriter, timeWriter } from './civil-time.js'
import { PAIRS, writeAscii, writeInt, writePadded, writeUint } from './digits.js'
import { float32Text, float64Text } from './number-text.js'

const TWO_32 = 4294967296
/** Longest float text: `-0.` and 324 digits for the smallest subnormals (no exponent form). */
const FLOAT_BOUND = 340
const TRUE = 0x65757274 // `true`, little-endian
const FALS = 0x736c6166 // `fals`

/** Builds the writer for one column of one batch; `type` was checked by `csvSerializable`. */
export function columnWriter(data: Data): ColumnWriter {
  const type: DataType = data.type
  switch (type.typeId) {
    case Type.Bool:
      return { bound: 5, typical: 5, write: boolWriter(data) }
    case Type.Int: {
      const bits = (type as unknown as { bitWidth: number }).bitWidth
      if (bits <= 32) {
        const v = data.values as Int16Array | Int32Array
        return { bound: 11, typical: 6, write: (b, o, p, i) => writeInt(b, o, p, v[i] as number) }
      }
      return { bound: 20, typical: 8, write: int64Writer(data, (type as unknown as { isSigned: boolean }).isSigned) }
    }
    case Type.Float:
      return { bound: FLOAT_BOUND, typical: 12, write: floatWriter(data) }
    case Type.Decimal: {
      const scale = (type as unknown as { scale: number }).scale
      return { bound: 42 + Math.abs(scale), typical: 10, write: decimalWriter(data, scale) }
    }
    case Type.Utf8:
      return utf8Writer(data)
    case Type.Binary:
      return binaryWriter(data)
    case Type.FixedSizeBinary:
      return uuidWriter(data)
    case Type.Date:
      return { bound: DATE_BOUND, typical: 10, write: dateWriter(data.values as Int32Array) }
    case Type.Time:
      return { bound: TIME_BOUND, typical: 15, write: timeWriter(words(data)) }
    case Type.Timestamp:
      return { bound: TIMESTAMP_BOUND, typical: 26, write: timestampWriter(words(data)) }
    default:
      throw new TypeError(`csv: no cell writer for Arrow type ${String(type.typeId)}`)
  }
}

/** Signed 32-bit words over a 64-bit value buffer (lo at 2i, hi at 2i+1). */
function words(data: Data): Int32Array {
  const v = data.values as BigInt64Array
  return new Int32Array(v.buffer, v.byteOffset, v.length * 2)
}

function boolWriter(data: Data): CellWriter {
  const bits = data.values as Uint8Array
  const offset = data.offset
  return (b, o, p, i) => {
    const k = offset + i
    if (((bits[k >> 3] as number) & (1 << (k & 7))) !== 0) {
      o.setInt32(p, TRUE, true)
      return p + 4
    }
    o.setInt32(p, FALS, true)
    b[p + 4] = 101 // e
    return p + 5
  }
}

function int64Writer(data: Data, signed: boolean): CellWriter {
  const w = words(data)
  const big = data.values as BigInt64Array | BigUint64Array
  return (b, o, p, i) => {
    const lo = (w[i * 2] as number) >>> 0
    const hi = w[i * 2 + 1] as number
    const hiValue = signed ? hi : hi >>> 0
    if (hiValue >= -0x200000 && hiValue < 0x200000) return writeInt(b, o, p, hiValue * TWO_32 + lo)
    return writeAscii(b, p, (big[i] as bigint).toString())
  }
}

function floatWriter(data: Data): CellWriter {
  const v = data.values as Float32Array | Float64Array
  const f32 = v instanceof Float32Array
  return (b, o, p, i) => {
    const x = v[i] as number
    if (Number.isInteger(x) && Math.abs(x) < 16_777_216 && !Object.is(x, -0)) return writeInt(b, o, p, x)
    return writeAscii(b, p, f32 ? float32Text(x) : float64Text(x))
  }
}

/** Decimal128 as plain text with exactly `scale` fraction digits (G03). */
function decimalWriter(data: Data, scale: number): CellWriter {
  const v = data.values as Uint32Array
  const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
  const unit = 10 ** scale
  return (b, o, p, i) => {
    const base = i * 4
    const hi = (v[base + 1] as number) | 0
    const w2 = v[base + 2] as number
    const w3 = v[base + 3] as number
    // small magnitudes (sign-extended 53-bit) avoid BigInt entirely
    const small = hi >= 0 ? w2 === 0 && w3 === 0 && hi < 0x200000 : w2 === 0xffffffff && w3 === 0xffffffff && hi >= -0x200000
    if (!small) return writeAscii(b, p, formatScaledDecimal(readDecimalLE(bytes, i * 16, 16), scale))
    const value = hi * TWO_32 + (v[base] as number)
    if (scale <= 0) return scaledInteger(b, o, p, value, scale)
    let q = p
    if (value < 0) b[q++] = 45 // -
    const abs = value < 0 ? -value : value
    if (scale === 2 && abs < 2147483648) {
      // money columns: integer division by a constant, cents as one two-digit store
      const whole = ((abs | 0) / 100) | 0
      q = writeUint(b, o, q, whole)
      b[q] = 46 // .
      o.setUint16(q + 1, PAIRS[(abs | 0) - whole * 100] as number, true)
      return q + 3
    }
    // exact: abs < 2^53, and for scale > 15 the integer part is 0
    const whole = Math.floor(abs / unit)
    q = writeUint(b, o, q, whole)
    b[q++] = 46 // .
    return writePadded(b, o, q, abs - whole * unit, scale)
  }
}

/** Scale 0 or below: the integer followed by −scale zeros (zero itself stays `0`). */
function scaledInteger(b: Uint8Array, o: DataView, p: number, value: number, scale: number): number {
  let q = writeInt(b, o, p, value)
  if (value !== 0) for (let k = scale; k < 0; k++) b[q++] = 48
  return q
}
