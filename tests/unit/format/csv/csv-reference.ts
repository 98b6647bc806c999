import { type Data, type RecordBatch, Type } from 'apache-arrow'
import { float32Text, float64Text } from '../../../../src/format/csv/number-text.js'
import { formatScaledDecimal, readDecimalLE } from '../../../../src/types/decimal.js'

/**
 * A slow, obviously-correct CSV renderer for the property tests: BigInt arithmetic, strings,
 * and JavaScript's own calendar instead of the encoder's byte-level fast paths.
 */
export function referenceCsv(batch: RecordBatch): string {
  const cols = batch.data.children
  let out = ''
  for (let i = 0; i < batch.numRows; i++) {
    out += cols.map((d) => (isNull(d, i) ? '' : cell(d, i))).join(',') + '\n'
  }
  return out
}

function isNull(d: Data, i: number): boolean {
  if (d.nullCount === 0 || d.nullBitmap.length === 0) return false
  const k = d.offset + i
  return ((d.nullBitmap[k >> 3] ?? 0) & (1 << (k & 7))) === 0
}

function cell(d: Data, i: number): string {
  const t = d.type as unknown as { typeId: Type; bitWidth?: number; scale?: number }
  switch (t.typeId) {
    case Type.Bool: {
      const k = d.offset + i
      return ((d.values as Uint8Array)[k >> 3] ?? 0) & (1 << (k & 7)) ? 'true' : 'false'
    }
    case Type.Int:
      return String((d.values as Int32Array | BigInt64Array)[i])
    case Type.Float: {
      const v = d.values as Float32Array | Float64Array
      return v instanceof Float32Array ? float32Text(v[i] ?? 0) : float64Text(v[i] ?? 0)
    }
    case Type.Decimal: {
      const v = d.values as Uint32Array
      return formatScaledDecimal(readDecimalLE(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), i * 16, 16), t.scale ?? 0)
    }
    case Type.Utf8: {
      const s = Buffer.from(varBytes(d, i)).toString('utf8')
      return /[,"\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
    }
    case Type.Binary:
      return Buffer.from(varBytes(d, i)).toString('hex')
    case Type.FixedSizeBinary: {
      const h = Buffer.from((d.values as Uint8Array).subarray(i * 16, i * 16 + 16)).toString('hex')
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
    }
    case Type.Date:
      return civilDate(BigInt((d.values as Int32Array)[i] ?? 0))
    case Type.Time:
      return clock((d.values as BigInt64Array)[i] ?? 0n)
    case Type.Timestamp: {
      const micros = (d.values as BigInt64Array)[i] ?? 0n
      const days = floorDiv(micros, DAY)
      return `${civilDate(days)}T${clock(micros - days * DAY)}`
    }
    default:
      throw new Error(`reference: no rendering for type ${String(t.typeId)}`)
  }
}

const DAY = 86_400_000_000n
const CYCLE_DAYS = 146_097n // one 400-year Gregorian cycle

function varBytes(d: Data, i: number): Uint8Array {
  const o = d.valueOffsets as Int32Array
  return (d.values as Uint8Array).subarray(o[i], o[i + 1])
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b
  return a % b < 0n ? q - 1n : q
}

/** Days since 1970-01-01 → `YYYY-MM-DD` by shifting whole 400-year cycles into Date's range. */
function civilDate(days: bigint): string {
  const cycles = floorDiv(days, CYCLE_DAYS)
  const date = new Date(Number(days - cycles * CYCLE_DAYS) * 86_400_000)
  const year = BigInt(date.getUTCFullYear()) + cycles * 400n
  const y = year > 9999n ? `+${year}` : year < 0n ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0')
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${y}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`
}

/** Non-negative microseconds → `HH:MM:SS.ffffff`, hours not wrapped. */
function clock(micros: bigint): string {
  const two = (n: bigint): string => String(n).padStart(2, '0')
  const secs = micros / 1_000_000n
  return `${two(secs / 3600n)}:${two((secs / 60n) % 60n)}:${two(secs % 60n)}.${String(micros % 1_000_000n).padStart(6, '0')}`
}
