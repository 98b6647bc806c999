import { type Data, DateUnit, Type, TimeUnit } from 'apache-arrow'
import { RivetError } from '../errors/index.js'
import { arrowTypeLabel } from '../format/arrow-type-label.js'
import { formatScaledDecimal, readDecimalLE } from '../types/index.js'
import type { ByteBuffer } from './byte-buffer.js'
import { float32Display, float64Display } from './float-display.js'
import { splitTicks, ticks, writeDate, writeDateTime, writeTime, writeZoned, zoneOffset } from './temporal-display.js'

/**
 * Renders row `i` of one column (a non-null cell) as arrow-rs's `ArrayFormatter` with
 * default `FormatOptions` displays it: integers and decimals in plain digits, floats via
 * ryu, `true`/`false`, text as its UTF-8 bytes, binary and UUIDs (FixedSizeBinary) as
 * lowercase hex without dashes, temporal values as chrono prints them, and lists as
 * `[a, b]` with a NULL element rendered empty.
 */
export type CellRender = (out: ByteBuffer, i: number) => void

const HEX = new TextEncoder().encode('0123456789abcdef')
const TWO_32 = 4294967296
const UNIT_NANOS: Readonly<Record<number, number>> = {
  [TimeUnit.SECOND]: 1_000_000_000,
  [TimeUnit.MILLISECOND]: 1_000_000,
  [TimeUnit.MICROSECOND]: 1000,
  [TimeUnit.NANOSECOND]: 1,
}

interface TypeShape {
  readonly bitWidth: number
  readonly isSigned: boolean
  readonly precision: number
  readonly scale: number
  readonly unit: number
  readonly timezone: string | null | undefined
}

/** Null test for row `i`, or undefined when this batch's column has no nulls. */
export function nullTest(data: Data): ((i: number) => boolean) | undefined {
  const bitmap = data.nullBitmap
  if (data.nullCount === 0 || bitmap.length === 0) return undefined
  const offset = data.offset
  return (i) => ((bitmap[(offset + i) >> 3] ?? 0) & (1 << ((offset + i) & 7))) === 0
}

export function cellRender(data: Data): CellRender {
  const t = data.type as unknown as TypeShape
  switch (data.typeId) {
    case Type.Bool: {
      const bits = data.values as Uint8Array
      const offset = data.offset
      return (out, i) => {
        out.ascii(((bits[(offset + i) >> 3] ?? 0) & (1 << ((offset + i) & 7))) !== 0 ? 'true' : 'false')
      }
    }
    case Type.Int: {
      if (t.bitWidth <= 32) {
        const v = data.values as Int32Array
        return (out, i) => {
          out.int(v[i] ?? 0)
        }
      }
      return int64Render(data, t.isSigned)
    }
    case Type.Float: {
      const v = data.values as Float32Array | Float64Array
      const show = v instanceof Float32Array ? float32Display : float64Display
      return (out, i) => {
        out.ascii(show(v[i] ?? 0))
      }
    }
    case Type.Decimal:
      return decimalRender(data, t.scale, (t.bitWidth / 8) as 16 | 32)
    case Type.Utf8: {
      const bytes = data.values as Uint8Array
      const offsets = data.valueOffsets as Int32Array
      return (out, i) => {
        out.bytes(bytes, offsets[i] ?? 0, offsets[i + 1] ?? 0)
      }
    }
    case Type.Binary: {
      const bytes = data.values as Uint8Array
      const offsets = data.valueOffsets as Int32Array
      return (out, i) => {
        hex(out, bytes, offsets[i] ?? 0, offsets[i + 1] ?? 0)
      }
    }
    case Type.FixedSizeBinary: {
      const bytes = data.values as Uint8Array
      const width = (data.type as unknown as { byteWidth: number }).byteWidth
      return (out, i) => {
        hex(out, bytes, i * width, (i + 1) * width)
      }
    }
    case Type.Date:
      return dateRender(data, t.unit)
    case Type.Time:
      return timeRender(data, t)
    case Type.Timestamp:
      return timestampRender(data, t)
    case Type.List:
      return listRender(data)
    default:
      throw new RivetError('RIVET_INTERNAL', `enrich: no display rendering for Arrow type ${arrowTypeLabel(data.type)}`)
  }
}

/** Signed 32-bit words over a 64-bit value buffer (lo at 2i, hi at 2i+1). */
function words(data: Data): Int32Array {
  const v = data.values as BigInt64Array
  return new Int32Array(v.buffer, v.byteOffset, v.length * 2)
}

function int64Render(data: Data, signed: boolean): CellRender {
  const w = words(data)
  const big = data.values as BigInt64Array | BigUint64Array
  return (out, i) => {
    const lo = (w[i * 2] ?? 0) >>> 0
    const hi = signed ? (w[i * 2 + 1] ?? 0) : (w[i * 2 + 1] ?? 0) >>> 0
    if (hi >= -0x200000 && hi < 0x200000) out.int(hi * TWO_32 + lo)
    else out.ascii((big[i] ?? 0n).toString())
  }
}

function decimalRender(data: Data, scale: number, byteWidth: 16 | 32): CellRender {
  const v = data.values as Uint32Array
  const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
  const stride = byteWidth / 4
  return (out, i) => {
    const base = i * stride
    const hi = (v[base + 1] ?? 0) | 0
    let small = hi >= -0x200000 && hi < 0x200000
    const fill = hi < 0 ? 0xffffffff : 0
    for (let k = 2; small && k < stride; k++) small = v[base + k] === fill
    if (small && scale === 0) out.int(hi * TWO_32 + (v[base] ?? 0))
    else if (small && scale > 0) scaledSmall(out, hi * TWO_32 + (v[base] ?? 0), scale)
    else out.ascii(formatScaledDecimal(readDecimalLE(bytes, i * byteWidth, byteWidth), scale))
  }
}

function scaledSmall(out: ByteBuffer, value: number, scale: number): void {
  if (value < 0) out.byte(45)
  const text = String(Math.abs(value))
  const intLen = text.length - scale
  if (intLen <= 0) {
    out.ascii('0.')
    for (let k = intLen; k < 0; k++) out.byte(48)
    out.ascii(text)
  } else {
    out.ascii(text.slice(0, intLen))
    out.byte(46)
    out.ascii(text.slice(intLen))
  }
}

function hex(out: ByteBuffer, src: Uint8Array, start: number, end: number): void {
  out.ensure((end - start) * 2)
  const b = out.buf
  let p = out.pos
  for (let k = start; k < end; k++) {
    const x = src[k] ?? 0
    b[p++] = HEX[x >> 4] ?? 48
    b[p++] = HEX[x & 15] ?? 48
  }
  out.pos = p
}

function dateRender(data: Data, unit: number): CellRender {
  if (unit === (DateUnit.DAY as number)) {
    const v = data.values as Int32Array
    return (out, i) => {
      writeDate(out, v[i] ?? 0)
    }
  }
  const w = words(data)
  return (out, i) => {
    splitTicks((w[i * 2] ?? 0) >>> 0, w[i * 2 + 1] ?? 0, 1_000_000)
    writeDateTime(out, ticks.seconds, ticks.nanos)
  }
}

function timeRender(data: Data, t: TypeShape): CellRender {
  const unitNanos = UNIT_NANOS[t.unit] ?? 1000
  if (t.bitWidth === 32) {
    const v = data.values as Int32Array
    const perSecond = 1_000_000_000 / unitNanos
    return (out, i) => {
      const x = v[i] ?? 0
      const seconds = Math.floor(x / perSecond)
      writeTime(out, seconds, (x - seconds * perSecond) * unitNanos)
    }
  }
  const w = words(data)
  return (out, i) => {
    splitTicks((w[i * 2] ?? 0) >>> 0, w[i * 2 + 1] ?? 0, unitNanos)
    writeTime(out, ticks.seconds, ticks.nanos)
  }
}

function timestampRender(data: Data, t: TypeShape): CellRender {
  const unitNanos = UNIT_NANOS[t.unit] ?? 1000
  const w = words(data)
  const tz = t.timezone
  if (tz === null || tz === undefined || tz === '') {
    return (out, i) => {
      splitTicks((w[i * 2] ?? 0) >>> 0, w[i * 2 + 1] ?? 0, unitNanos)
      writeDateTime(out, ticks.seconds, ticks.nanos)
    }
  }
  const offsetAt = zoneOffset(tz)
  return (out, i) => {
    splitTicks((w[i * 2] ?? 0) >>> 0, w[i * 2 + 1] ?? 0, unitNanos)
    writeZoned(out, ticks.seconds, ticks.nanos, offsetAt(ticks.seconds))
  }
}

function listRender(data: Data): CellRender {
  const offsets = data.valueOffsets as Int32Array
  const child = data.children[0]
  if (child === undefined) throw new RivetError('RIVET_INTERNAL', 'enrich: list column without a child array')
  const inner = cellRender(child)
  const innerNull = nullTest(child)
  return (out, i) => {
    const start = offsets[i] ?? 0
    const end = offsets[i + 1] ?? 0
    out.byte(91)
    for (let k = start; k < end; k++) {
      if (k > start) out.ascii(', ')
      if (innerNull === undefined || !innerNull(k)) inner(out, k)
    }
    out.byte(93)
  }
}
