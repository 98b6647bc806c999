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
import { MICROS_PER_DAY, parseMysqlDate, parseMysqlDateTime, parseMysqlTime } from './temporal-text.js'

/**
 * One non-NULL value as mysql2 hands it over with rivet's options (`supportBigNumbers`,
 * `bigNumberStrings`, `dateStrings`, `jsonStrings`, `decimalNumbers: false`): small
 * integers and floats as numbers, BIGINT/DECIMAL/temporal/text as strings, binary and BIT
 * as Buffers. Nothing exact is ever routed through a double.
 */
export type MysqlValue = string | number | Buffer

export type ValueDecoder = (value: MysqlValue) => void

export interface DecodeContext {
  readonly column: string
  /** Per-value ceiling in bytes (E05); undefined disables the guard. */
  readonly maxValueBytes: number | undefined
  /** The column's native type (`time`, `bigint unsigned`, …) when an override changes the target. */
  readonly nativeType?: string
}

function shown(v: MysqlValue): string {
  const s = Buffer.isBuffer(v) ? `0x${v.subarray(0, 32).toString('hex')}` : String(v)
  return s.length > 64 ? `${s.slice(0, 64)}…` : s
}

function bad(ctx: DecodeContext, what: string, v: MysqlValue, hint?: string): RivetError {
  return new RivetError('RIVET_SOURCE_QUERY', `column '${ctx.column}': cannot represent ${what} value '${shown(v)}'`, {
    hint: hint ?? 'cast the value in the query, or set a type for the column in `columns:`',
  })
}

/** E05: a single cell above `max_value_mb` fails before it is buffered. */
export function guardValueSize(ctx: DecodeContext, v: string | Buffer): void {
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

/** BIT(n) arrives big-endian; up to 64 bits. */
export function bitsToBigInt(b: Buffer): bigint {
  let v = 0n
  for (const byte of b) v = (v << 8n) | BigInt(byte)
  return v
}

function asText(v: MysqlValue): string {
  return Buffer.isBuffer(v) ? v.toString('utf8') : String(v)
}

function integerOf(ctx: DecodeContext, v: MysqlValue, min: number, max: number): number {
  const n = Buffer.isBuffer(v) ? Number(bitsToBigInt(v)) : typeof v === 'number' ? v : Number(v)
  if (!Number.isInteger(n) || n < min || n > max) throw bad(ctx, `${min < 0 ? 'signed' : 'unsigned'} ${max > 32767 ? 32 : 16}-bit integer`, v)
  return n
}

function bigOf(v: MysqlValue): bigint | string | number {
  return Buffer.isBuffer(v) ? bitsToBigInt(v) : v
}

/**
 * A decoder into the builder's Arrow type. The builder's type may be a `columns:`
 * override (Q07), so decoding follows the target, not the native type.
 */
export function mysqlDecoder(builder: ColumnBuilder, ctx: DecodeContext): ValueDecoder {
  if (builder instanceof BoolColumn) return (v) => {
    if (Buffer.isBuffer(v)) builder.append(v.some((b) => b !== 0))
    else if (typeof v === 'number') builder.append(v !== 0)
    else builder.append(v !== '0' && v !== '' && v.toLowerCase() !== 'false')
  }
  if (builder instanceof Int16Column) return (v) => {
    builder.append(integerOf(ctx, v, -32768, 32767))
  }
  if (builder instanceof Int32Column) return (v) => {
    builder.append(integerOf(ctx, v, -2147483648, 2147483647))
  }
  if (builder instanceof Int64Column && ctx.nativeType === 'time') return (v) => {
    // `columns: { c: int64 }` on a TIME column: the signed duration in microseconds.
    const us = parseMysqlTime(asText(v))
    if (us === undefined) throw bad(ctx, 'time', v)
    builder.appendNumber(us)
  }
  if (builder instanceof Int64Column || builder instanceof UInt64Column) return (v) => {
    const x = bigOf(v)
    try {
      if (typeof x === 'number') builder.appendText(String(x))
      else if (typeof x === 'bigint') builder.appendText(x.toString())
      else builder.appendText(x)
    } catch (err) {
      throw new RivetError('RIVET_SOURCE_QUERY', `column '${ctx.column}': value '${shown(v)}' does not fit ${builder.type.kind}`, {
        cause: err,
        hint: 'set a wider type for the column in `columns:` (e.g. `decimal(20,0)` or `string`)',
      })
    }
  }
  if (builder instanceof Float32Column || builder instanceof Float64Column) return (v) => {
    builder.append(typeof v === 'number' ? v : Number(asText(v)))
  }
  if (builder instanceof DecimalColumn) return (v) => {
    builder.appendText(Buffer.isBuffer(v) ? bitsToBigInt(v).toString() : String(v))
  }
  if (builder instanceof DateColumn) return (v) => {
    const d = parseMysqlDate(asText(v))
    if (d === undefined) throw bad(ctx, 'date', v)
    if (d === null) builder.appendNull()
    else builder.appendDays(d)
  }
  if (builder instanceof TimeColumn) return (v) => {
    const us = parseMysqlTime(asText(v))
    if (us === undefined) throw bad(ctx, 'time', v)
    if (us < 0 || us >= MICROS_PER_DAY) {
      throw bad(ctx, 'time-of-day (outside 00:00:00–23:59:59.999999)', v, 'MySQL TIME is a duration here; add `columns: { <col>: string }` (text) or `int64` (signed microseconds), or `CAST(col AS CHAR)` in the query')
    }
    builder.appendMicros(us)
  }
  if (builder instanceof TimestampColumn) return (v) => {
    const us = parseMysqlDateTime(asText(v))
    if (us === undefined) throw bad(ctx, 'timestamp', v)
    if (us === null) builder.appendNull()
    else builder.appendMicros(us)
  }
  if (builder instanceof UuidColumn) return (v) => {
    if (Buffer.isBuffer(v) && v.length === 16) builder.appendBytes(v, 0)
    else builder.appendText(asText(v))
  }
  if (builder instanceof BinaryColumn) return (v) => {
    const b = Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'utf8')
    guardValueSize(ctx, b)
    builder.append(b)
  }
  if (builder instanceof Utf8Column) return (v) => {
    const s = asText(v)
    guardValueSize(ctx, s)
    builder.append(s)
  }
  throw new RivetError('RIVET_TYPE_UNSUPPORTED', `column '${ctx.column}': no MySQL decoder for type '${builder.type.kind}'`, {
    hint: 'choose another type for the column in `columns:`',
  })
}
