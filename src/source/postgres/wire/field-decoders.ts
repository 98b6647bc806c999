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
  Utf8Column,
  UuidColumn,
  type ColumnBuilder,
} from '../../../batch/index.js'
import { decimalParseError } from '../../../types/decimal.js'
import { bad, type DecodeContext, textDecoder, valueTooLarge } from '../text-decode.js'
import { int16At, int32At } from './big-endian.js'
import { numericSpecialText, numericToScaled } from './numeric-binary.js'

/** Appends one non-NULL field, `len` bytes at `buf[start]`, to the column. */
export type FieldDecoder = (buf: Buffer, start: number, len: number) => void

export interface WireColumn {
  /** Result format requested in Bind: 0 text, 1 binary. */
  readonly format: 0 | 1
  readonly decode: FieldDecoder
}

const TWO_32 = 4294967296
/** Days and microseconds between 1970-01-01 and PostgreSQL's epoch 2000-01-01. */
const PG_EPOCH_DAYS = 10_957
const PG_EPOCH_MICROS = 946_684_800_000_000
const DATE_POS_INFINITY = 0x7fffffff
const DATE_NEG_INFINITY = -0x80000000

/** Signed 64-bit big-endian integer as a number when safe, else a bigint. */
function int64At(buf: Buffer, at: number): number | bigint {
  const hi = int32At(buf, at)
  if (hi >= -0x200000 && hi < 0x200000) return hi * TWO_32 + (int32At(buf, at + 4) >>> 0)
  return buf.readBigInt64BE(at)
}

/** text, varchar, bpchar, name, json: their binary form is their UTF-8 text. */
export const STRING_OIDS: ReadonlySet<number> = new Set([25, 1043, 1042, 19, 114])
export const JSONB_OID = 3802

/**
 * How one result column travels and is decoded on the wire path. Binary transfer is used
 * where the column builder is the natural target of the PostgreSQL type (no `columns:`
 * override changing it); everything else is fetched as text and decoded exactly like the
 * driver path does, so both paths produce identical values.
 */
export function wireColumn(oid: number, builder: ColumnBuilder, ctx: DecodeContext): WireColumn {
  const binary = binaryDecoder(oid, builder, ctx)
  if (binary !== undefined) return { format: 1, decode: binary }
  if (builder instanceof Utf8Column && builder.type.kind !== 'interval') return { format: 0, decode: utf8Copy(builder, ctx) }
  const fromText = textDecoder(builder, ctx)
  return { format: 0, decode: (buf, start, len) => { fromText(buf.toString('utf8', start, start + len)) } }
}

// utf8Copy and binaryCopy stay two direct closures: a shared copier calling through an
// `append` callback measured ~3× slower on the hot path (the call is no longer inlined).
function utf8Copy(b: Utf8Column, ctx: DecodeContext, skip = 0): FieldDecoder {
  const max = ctx.maxValueBytes
  return (buf, start, len) => {
    if (max !== undefined && len > max) throw valueTooLarge(ctx, len, max)
    b.appendUtf8(buf, start + skip, start + len)
  }
}

function binaryCopy(b: BinaryColumn, ctx: DecodeContext): FieldDecoder {
  const max = ctx.maxValueBytes
  return (buf, start, len) => {
    if (max !== undefined && len > max) throw valueTooLarge(ctx, len, max)
    b.append(buf, start, start + len)
  }
}

function binaryDecoder(oid: number, b: ColumnBuilder, ctx: DecodeContext): FieldDecoder | undefined {
  if (b instanceof Utf8Column) {
    if (STRING_OIDS.has(oid)) return utf8Copy(b, ctx)
    // jsonb_send: a version byte (1) and then the same text jsonb_out prints.
    if (oid === JSONB_OID) return utf8Copy(b, ctx, 1)
    return undefined
  }
  switch (oid) {
    case 16:
      return b instanceof BoolColumn ? (buf, start) => { b.append(buf[start] !== 0) } : undefined
    case 21:
      return b instanceof Int16Column ? (buf, start) => { b.append(int16At(buf, start)) } : undefined
    case 23:
      return b instanceof Int32Column ? (buf, start) => { b.append(int32At(buf, start)) } : undefined
    case 20:
      return b instanceof Int64Column ? int8Decoder(b) : undefined
    case 26:
      return b instanceof Int64Column ? (buf, start) => { b.appendNumber(int32At(buf, start) >>> 0) } : undefined
    case 700:
      return b instanceof Float32Column ? (buf, start) => { b.append(buf.readFloatBE(start)) } : undefined
    case 701:
      return b instanceof Float64Column ? (buf, start) => { b.append(buf.readDoubleBE(start)) } : undefined
    case 1700:
      return b instanceof DecimalColumn ? numericDecoder(b) : undefined
    case 1082:
      return b instanceof DateColumn ? dateDecoder(b, ctx) : undefined
    case 1083:
      return b instanceof TimeColumn ? (buf, start) => { b.appendMicros(Number(int64At(buf, start))) } : undefined
    case 1114:
    case 1184:
      return b instanceof TimestampColumn ? timestampDecoder(b, ctx) : undefined
    case 2950:
      return b instanceof UuidColumn ? (buf, start) => { b.appendBytes(buf, start) } : undefined
    case 17:
      return b instanceof BinaryColumn ? binaryCopy(b, ctx) : undefined
    default:
      return undefined
  }
}

function int8Decoder(b: Int64Column): FieldDecoder {
  return (buf, start) => {
    const v = int64At(buf, start)
    if (typeof v === 'number') b.appendNumber(v)
    else b.append(v)
  }
}

function numericDecoder(b: DecimalColumn): FieldDecoder {
  return (buf, start) => {
    const v = numericToScaled(buf, start, b.scale)
    if (v === undefined) throw decimalParseError(numericSpecialText(buf, start), b.precision, b.scale)
    b.appendScaled(v)
  }
}

function dateDecoder(b: DateColumn, ctx: DecodeContext): FieldDecoder {
  return (buf, start) => {
    const d = int32At(buf, start)
    if (d === DATE_POS_INFINITY || d === DATE_NEG_INFINITY) throw bad(ctx, 'date', d > 0 ? 'infinity' : '-infinity')
    b.appendDays(d + PG_EPOCH_DAYS)
  }
}

function timestampDecoder(b: TimestampColumn, ctx: DecodeContext): FieldDecoder {
  const nanos = b.unit === 'nanosecond'
  return (buf, start) => {
    const raw = int64At(buf, start)
    let us: number | bigint
    if (typeof raw === 'number') {
      const shifted = raw + PG_EPOCH_MICROS
      us = Number.isSafeInteger(shifted) ? shifted : BigInt(raw) + BigInt(PG_EPOCH_MICROS)
    } else {
      if (raw === 0x7fffffffffffffffn || raw === -0x8000000000000000n) throw bad(ctx, 'timestamp', raw > 0n ? 'infinity' : '-infinity')
      us = raw + BigInt(PG_EPOCH_MICROS)
    }
    if (nanos) b.appendNanos(BigInt(us) * 1000n)
    else b.appendMicros(us)
  }
}
