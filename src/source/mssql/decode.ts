import {
  BinaryColumn,
  BoolColumn,
  DateColumn,
  DecimalColumn,
  Float32Column,
  Float64Column,
  Int16Column,
  Int32Column,
  Int64Column,
  TimeColumn,
  TimestampColumn,
  UInt64Column,
  Utf8Column,
  UuidColumn,
  type ColumnBuilder,
} from '../../batch/index.js'
import { RivetError } from '../../errors/index.js'

/**
 * One non-NULL value as tedious hands it over (`useUTC: true`): booleans, numbers, BIGINT as
 * a string, DECIMAL/MONEY as numbers (wide ones as exact text, see exact-numeric.ts), text, Buffers, GUIDs as canonical strings, and Dates
 * carrying a `nanosecondsDelta` (the sub-millisecond part, in seconds) for time/datetime2/
 * datetimeoffset.
 */
export type MssqlValue = boolean | number | string | Buffer | Date

export type ValueDecoder = (value: MssqlValue) => void

export interface DecodeContext {
  readonly column: string
  readonly maxValueBytes: number | undefined
}

const MS_PER_DAY = 86_400_000

function bad(ctx: DecodeContext, what: string, v: MssqlValue): RivetError {
  const s = Buffer.isBuffer(v) ? `0x${v.subarray(0, 32).toString('hex')}` : v instanceof Date ? v.toISOString() : String(v)
  return new RivetError('RIVET_SOURCE_QUERY', `column '${ctx.column}': cannot represent ${what} value '${s.length > 64 ? `${s.slice(0, 64)}…` : s}'`, {
    hint: 'cast the value in the query, or set a type for the column in `columns:`',
  })
}

function guardValueSize(ctx: DecodeContext, v: string | Buffer): void {
  const max = ctx.maxValueBytes
  if (max === undefined) return
  if (typeof v === 'string' && v.length * 3 <= max) return
  const bytes = typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : v.length
  if (bytes <= max) return
  const mb = (n: number): string => (n / (1024 * 1024)).toFixed(1)
  throw new RivetError('RIVET_VALUE_TOO_LARGE', `RIVET_VALUE_TOO_LARGE: column '${ctx.column}' has a single value of ${mb(bytes)} MB, exceeding the per-value ceiling of ${mb(max)} MB`, {
    hint: 'raise `tuning.max_value_mb` (0 disables the guard), or exclude/truncate the column in the query',
  })
}

/**
 * SQL Server stores a GUID as Data1 (4 bytes LE), Data2 (2 LE), Data3 (2 LE), Data4 (8 bytes
 * as-is). Returns the 16 bytes in RFC 4122 (big-endian) order.
 */
export function guidBytesToRfc4122(b: Uint8Array): Uint8Array {
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15]
  return Uint8Array.from(order, (i) => b[i] ?? 0)
}

/** Microseconds within the Date's millisecond from tedious' `nanosecondsDelta` (truncated). */
function subMillisMicros(d: Date): number {
  const delta = (d as Date & { nanosecondsDelta?: number }).nanosecondsDelta
  if (delta === undefined) return 0
  // delta is (100 ns ticks within the ms) / 10^7; round to the tick, then truncate to µs.
  return Math.floor(Math.round(delta * 1e7) / 10)
}

/** A Date (plus its sub-ms part) as µs since the epoch; BigInt outside the safe range. */
export function dateMicros(d: Date): number | bigint {
  const ms = d.getTime()
  const us = subMillisMicros(d)
  if (Math.abs(ms) < 9_000_000_000_000) return ms * 1000 + us
  return BigInt(ms) * 1000n + BigInt(us)
}

/** A finite number as plain decimal text with `scale` fraction digits (never exponent form). */
export function numberToDecimalText(n: number, scale: number): string {
  // toFixed switches to exponent form from 1e21; such doubles are integers, BigInt spells them out.
  if (Math.abs(n) >= 1e21) return BigInt(n).toString()
  return n.toFixed(Math.min(Math.max(scale, 0), 100))
}

/** `12.000` → `12`: a text-delivered decimal with a zero fraction, for an integer override. */
function integralText(s: string): string {
  const m = /^([-+]?\d+)\.0*$/.exec(s)
  return m === null ? s : (m[1] as string)
}

function asText(v: MssqlValue): string {
  if (Buffer.isBuffer(v)) return v.toString('utf8')
  if (v instanceof Date) return v.toISOString()
  return String(v)
}

/** A decoder into the builder's Arrow type (an override may differ from the native type, Q07). */
export function mssqlDecoder(builder: ColumnBuilder, ctx: DecodeContext): ValueDecoder {
  if (builder instanceof BoolColumn) return (v) => {
    builder.append(typeof v === 'boolean' ? v : v === 1 || v === '1' || v === 'true')
  }
  if (builder instanceof Int16Column || builder instanceof Int32Column) {
    const [min, max] = builder instanceof Int16Column ? [-32768, 32767] : [-2147483648, 2147483647]
    return (v) => {
      const n = typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : Number(asText(v))
      if (!Number.isInteger(n) || n < min || n > max) throw bad(ctx, builder.type.kind, v)
      builder.append(n)
    }
  }
  if (builder instanceof Int64Column || builder instanceof UInt64Column) return (v) => {
    const text = typeof v === 'number' ? (Number.isSafeInteger(v) ? String(v) : '') : typeof v === 'boolean' ? (v ? '1' : '0') : integralText(asText(v))
    try {
      builder.appendText(text)
    } catch (err) {
      throw new RivetError('RIVET_SOURCE_QUERY', `column '${ctx.column}': value '${String(v)}' does not fit ${builder.type.kind}`, { cause: err, hint: 'set a wider type for the column in `columns:`' })
    }
  }
  if (builder instanceof Float32Column || builder instanceof Float64Column) return (v) => {
    builder.append(typeof v === 'number' ? v : Number(asText(v)))
  }
  if (builder instanceof DecimalColumn) {
    const scale = builder.scale
    return (v) => {
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) throw bad(ctx, 'decimal', v)
        builder.appendText(numberToDecimalText(v, scale))
      } else {
        builder.appendText(asText(v))
      }
    }
  }
  if (builder instanceof DateColumn) return (v) => {
    if (!(v instanceof Date)) throw bad(ctx, 'date', v)
    builder.appendDays(Math.floor(v.getTime() / MS_PER_DAY))
  }
  if (builder instanceof TimeColumn) return (v) => {
    if (!(v instanceof Date)) throw bad(ctx, 'time', v)
    // tedious anchors TIME at 1970-01-01 UTC, so the epoch offset is the time of day.
    builder.appendMicros(Number(dateMicros(v)))
  }
  if (builder instanceof TimestampColumn) return (v) => {
    if (!(v instanceof Date) || Number.isNaN(v.getTime())) throw bad(ctx, 'timestamp', v)
    builder.appendMicros(dateMicros(v))
  }
  if (builder instanceof UuidColumn) return (v) => {
    if (Buffer.isBuffer(v) && v.length === 16) builder.appendBytes(guidBytesToRfc4122(v), 0)
    else builder.appendText(asText(v))
  }
  if (builder instanceof BinaryColumn) return (v) => {
    const b = Buffer.isBuffer(v) ? v : Buffer.from(asText(v), 'utf8')
    guardValueSize(ctx, b)
    builder.append(b)
  }
  if (builder instanceof Utf8Column) return (v) => {
    const s = asText(v)
    guardValueSize(ctx, s)
    builder.append(s)
  }
  throw new RivetError('RIVET_TYPE_UNSUPPORTED', `column '${ctx.column}': no SQL Server decoder for type '${builder.type.kind}'`, {
    hint: 'choose another type for the column in `columns:`',
  })
}
