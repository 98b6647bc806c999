import { type Data, type DataType, Type } from 'apache-arrow'
import { formatScaledDecimal, readDecimalLE } from '../../types/decimal.js'
import type { ByteSink } from './byte-sink.js'
import { writeDate, writeTimeOfDay, writeTimestampMicros } from './civil-time.js'
import { float32Text, float64Text } from './number-text.js'

/** Renders row `i` of one column (non-null rows only; nulls are empty fields). */
export type CellWriter = (sink: ByteSink, i: number) => void

const HEX = Array.from({ length: 256 }, (_, b) => [
  '0123456789abcdef'.charCodeAt(b >> 4),
  '0123456789abcdef'.charCodeAt(b & 15),
]).flat()
const TWO_32 = 4294967296

/** Null test for row `i`, or undefined when the column has no nulls in this batch. */
export function nullTest(data: Data): ((i: number) => boolean) | undefined {
  const bitmap = data.nullBitmap
  if (data.nullCount === 0 || bitmap.length === 0) return undefined
  const offset = data.offset
  return (i) => ((bitmap[(offset + i) >> 3] ?? 0) & (1 << ((offset + i) & 7))) === 0
}

/** Builds the writer for one column of one batch; `type` was checked by `csvSerializable`. */
export function cellWriter(data: Data): CellWriter {
  const type: DataType = data.type
  switch (type.typeId) {
    case Type.Bool:
      return boolWriter(data)
    case Type.Int: {
      const bits = (type as unknown as { bitWidth: number }).bitWidth
      if (bits <= 32) {
        const v = data.values as Int16Array | Int32Array
        return (s, i) => {
          s.int(v[i] ?? 0)
        }
      }
      return int64Writer(data, (type as unknown as { isSigned: boolean }).isSigned)
    }
    case Type.Float: {
      const v = data.values as Float32Array | Float64Array
      const f32 = v instanceof Float32Array
      return (s, i) => {
        const x = v[i] ?? 0
        if (Number.isInteger(x) && Math.abs(x) < 16_777_216 && !Object.is(x, -0)) s.int(x)
        else s.ascii(f32 ? float32Text(x) : float64Text(x))
      }
    }
    case Type.Decimal:
      return decimalWriter(data, (type as unknown as { scale: number }).scale)
    case Type.Utf8:
      return utf8Writer(data)
    case Type.Binary:
      return binaryWriter(data)
    case Type.FixedSizeBinary:
      return uuidWriter(data)
    case Type.Date: {
      const v = data.values as Int32Array
      return (s, i) => {
        writeDate(s, v[i] ?? 0)
      }
    }
    case Type.Time: {
      const w = words(data)
      return (s, i) => {
        writeTimeOfDay(s, (w[i * 2 + 1] ?? 0) * TWO_32 + ((w[i * 2] ?? 0) >>> 0))
      }
    }
    case Type.Timestamp: {
      const w = words(data)
      return (s, i) => {
        writeTimestampMicros(s, (w[i * 2] ?? 0) >>> 0, w[i * 2 + 1] ?? 0)
      }
    }
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
  return (s, i) => {
    const on = ((bits[(offset + i) >> 3] ?? 0) & (1 << ((offset + i) & 7))) !== 0
    s.ascii(on ? 'true' : 'false')
  }
}

function int64Writer(data: Data, signed: boolean): CellWriter {
  const w = words(data)
  const big = data.values as BigInt64Array | BigUint64Array
  return (s, i) => {
    const lo = (w[i * 2] ?? 0) >>> 0
    const hi = w[i * 2 + 1] ?? 0
    const hiValue = signed ? hi : hi >>> 0
    if (hiValue >= -0x200000 && hiValue < 0x200000) s.int(hiValue * TWO_32 + lo)
    else s.ascii((big[i] ?? 0n).toString())
  }
}

function decimalWriter(data: Data, scale: number): CellWriter {
  const v = data.values as Uint32Array
  const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
  return (s, i) => {
    const base = i * 4
    const hi = v[base + 1] ?? 0
    const w2 = v[base + 2] ?? 0
    const w3 = v[base + 3] ?? 0
    const hiSigned = hi | 0
    // small magnitudes (sign-extended 53-bit) avoid BigInt entirely
    if (((w2 === 0 && w3 === 0 && hiSigned >= 0) || (w2 === 0xffffffff && w3 === 0xffffffff && hiSigned < 0)) && hiSigned >= -0x200000 && hiSigned < 0x200000) {
      scaledNumber(s, hiSigned * TWO_32 + (v[base] ?? 0), scale)
    } else {
      s.ascii(formatScaledDecimal(readDecimalLE(bytes, i * 16, 16), scale))
    }
  }
}

function scaledNumber(s: ByteSink, value: number, scale: number): void {
  if (scale <= 0) {
    s.ascii(formatScaledDecimal(BigInt(value), scale))
    return
  }
  const negative = value < 0
  const text = String(negative ? -value : value)
  s.ensure(text.length + scale + 3)
  const b = s.buf
  let p = s.pos
  if (negative) b[p++] = 45
  const intLen = text.length - scale
  if (intLen <= 0) {
    b[p++] = 48
    b[p++] = 46
    for (let k = intLen; k < 0; k++) b[p++] = 48
    for (let k = 0; k < text.length; k++) b[p++] = text.charCodeAt(k)
  } else {
    for (let k = 0; k < intLen; k++) b[p++] = text.charCodeAt(k)
    b[p++] = 46
    for (let k = intLen; k < text.length; k++) b[p++] = text.charCodeAt(k)
  }
  s.pos = p
}

function utf8Writer(data: Data): CellWriter {
  const bytes = data.values as Uint8Array
  const offsets = data.valueOffsets as Int32Array
  const src = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) // a view, for native byte search
  // one native scan per column decides whether any cell can need quoting at all
  const first = (offsets[0] ?? 0) | 0
  const last = (offsets[offsets.length - 1] ?? 0) | 0
  const region = src.subarray(first, last)
  const special = region.includes(44) || region.includes(34) || region.includes(10) || region.includes(13)
  return (s, i) => {
    const start = offsets[i] ?? 0
    const end = offsets[i + 1] ?? 0
    const n = end - start
    if (special && needsQuote(bytes, start, end)) {
      writeQuoted(s, bytes, start, end)
      return
    }
    if (s.pos + n > s.buf.length) s.ensure(n)
    if (n < 64) {
      const b = s.buf
      let p = s.pos
      for (let k = start; k < end; k++) b[p++] = bytes[k] ?? 0
      s.pos = p
    } else {
      s.buf.set(bytes.subarray(start, end), s.pos)
      s.pos += n
    }
  }
}

function needsQuote(bytes: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = bytes[k]
    if (c === 44 || c === 34 || c === 10 || c === 13) return true
  }
  return false
}

function writeQuoted(s: ByteSink, bytes: Uint8Array, start: number, end: number): void {
  s.ensure((end - start) * 2 + 2)
  const b = s.buf
  let p = s.pos
  b[p++] = 34
  for (let k = start; k < end; k++) {
    const c = bytes[k] ?? 0
    if (c === 34) b[p++] = 34
    b[p++] = c
  }
  b[p++] = 34
  s.pos = p
}

function binaryWriter(data: Data): CellWriter {
  const bytes = data.values as Uint8Array
  const offsets = data.valueOffsets as Int32Array
  return (s, i) => {
    const start = offsets[i] ?? 0
    const end = offsets[i + 1] ?? 0
    s.ensure((end - start) * 2)
    const b = s.buf
    let p = s.pos
    for (let k = start; k < end; k++) {
      const x = (bytes[k] ?? 0) * 2
      b[p++] = HEX[x] ?? 48
      b[p++] = HEX[x + 1] ?? 48
    }
    s.pos = p
  }
}

function uuidWriter(data: Data): CellWriter {
  const bytes = data.values as Uint8Array
  return (s, i) => {
    s.ensure(36)
    const b = s.buf
    let p = s.pos
    const base = i * 16
    for (let k = 0; k < 16; k++) {
      if (k === 4 || k === 6 || k === 8 || k === 10) b[p++] = 45
      const x = (bytes[base + k] ?? 0) * 2
      b[p++] = HEX[x] ?? 48
      b[p++] = HEX[x + 1] ?? 48
    }
    s.pos = p
  }
}
