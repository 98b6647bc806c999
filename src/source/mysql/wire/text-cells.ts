import {
  BinaryColumn,
  BoolColumn,
  DateColumn,
  DecimalColumn,
  Int16Column,
  Int32Column,
  Int64Column,
  TimestampColumn,
  UInt64Column,
  Utf8Column,
  type ColumnBuilder,
} from '../../../batch/index.js'
import { guardValueSize } from '../decode.js'
import { BINARY_CHARSET, MYSQL_TYPE } from '../type-map.js'
import { asciiDateDays, asciiDateTimeMicros, asciiSafeInt, asciiScaledDecimal, lenEncSize, lenEncValue } from './ascii.js'
import type { WireField, WirePacket } from './mysql2-cell.js'

/**
 * Decodes one non-NULL cell starting at `pos` of `buf` (the packet's buffer) into its column
 * builder and returns the position after it. `slow` re-reads the same cell the exact way
 * (mysql2's value + `decode.ts`) for anything outside the fast shape.
 */
export type CellDecoder = (packet: WirePacket, buf: Buffer, pos: number) => number

/** A fast decoder of a cell's bytes; false hands the cell to the slow path. */
type BytesDecoder = (buf: Buffer, start: number, end: number) => boolean

export interface CellContext {
  readonly field: WireField
  readonly builder: ColumnBuilder
  readonly maxValueBytes: number | undefined
  readonly column: string
  readonly slow: CellDecoder
}

const UNSIGNED = 32
const STRING_TYPES: ReadonlySet<number> = new Set([
  MYSQL_TYPE.VARCHAR, MYSQL_TYPE.VAR_STRING, MYSQL_TYPE.STRING, MYSQL_TYPE.ENUM, MYSQL_TYPE.SET,
  MYSQL_TYPE.TINY_BLOB, MYSQL_TYPE.MEDIUM_BLOB, MYSQL_TYPE.LONG_BLOB, MYSQL_TYPE.BLOB, MYSQL_TYPE.JSON,
])

/** A length-encoded cell (every text-protocol cell; strings and DECIMAL in the binary protocol). */
export function lengthCoded(slow: CellDecoder, decode: BytesDecoder): CellDecoder {
  return (packet, buf, pos) => {
    const start = pos + lenEncSize(buf[pos] as number)
    const end = start + lenEncValue(buf, pos)
    return decode(buf, start, end) ? end : slow(packet, buf, pos)
  }
}

/**
 * A text column whose cells are copied as raw UTF-8 bytes. Their validity is checked once
 * per batch (`utf8-repair.ts`), so invalid bytes still get the driver's lossy decoding.
 */
export function isRawUtf8Column(field: WireField, builder: ColumnBuilder): builder is Utf8Column {
  return builder instanceof Utf8Column && STRING_TYPES.has(field.columnType) && (isJson(field) || (field.characterSet !== BINARY_CHARSET && field.encoding === 'utf8'))
}

function isJson(field: WireField): boolean {
  return field.extendedFormat === 'json' || field.columnType === MYSQL_TYPE.JSON
}

/** A binary string column whose cells are copied as raw bytes. */
export function isRawBinaryColumn(field: WireField, builder: ColumnBuilder): builder is BinaryColumn {
  return builder instanceof BinaryColumn && STRING_TYPES.has(field.columnType) && field.characterSet === BINARY_CHARSET && !isJson(field)
}

/**
 * Byte decoders shared by both protocols: text and binary strings, DECIMAL; undefined
 * when the column has none (override to another type, non-UTF-8 text, …).
 */
export function sharedBytesDecoder(ctx: CellContext): BytesDecoder | undefined {
  const { field, builder, maxValueBytes: max } = ctx
  const t = field.columnType
  if (isRawUtf8Column(field, builder)) {
    return (buf, s, e) => {
      if (max !== undefined && e - s > max) guardValueSize(ctx, buf.subarray(s, e))
      builder.appendUtf8(buf, s, e)
      return true
    }
  }
  if (isRawBinaryColumn(field, builder)) {
    return (buf, s, e) => {
      if (max !== undefined && e - s > max) guardValueSize(ctx, buf.subarray(s, e))
      builder.append(buf, s, e)
      return true
    }
  }
  if (builder instanceof DecimalColumn && (t === MYSQL_TYPE.NEWDECIMAL || t === MYSQL_TYPE.DECIMAL)) {
    const scale = builder.scale
    return (buf, s, e) => {
      const v = asciiScaledDecimal(buf, s, e, scale)
      if (v === undefined) return false
      builder.appendScaled(v)
      return true
    }
  }
  return undefined
}

function ranged(min: number, max: number, put: (v: number) => void): BytesDecoder {
  return (buf, s, e) => {
    const v = asciiSafeInt(buf, s, e)
    if (v === undefined || v < min || v > max) return false
    put(v)
    return true
  }
}

/** Text-protocol byte decoders for integers and DATE/DATETIME/TIMESTAMP. */
function textBytesDecoder(ctx: CellContext): BytesDecoder | undefined {
  const { field, builder: b } = ctx
  const unsigned = (field.flags & UNSIGNED) !== 0
  switch (field.columnType) {
    case MYSQL_TYPE.TINY:
      if (b instanceof BoolColumn) return ranged(-128, 255, (v) => { b.append(v !== 0) })
      if (b instanceof Int16Column) return ranged(-32768, 32767, (v) => { b.append(v) })
      return undefined
    case MYSQL_TYPE.SHORT:
    case MYSQL_TYPE.YEAR:
      if (b instanceof Int16Column) return ranged(-32768, 32767, (v) => { b.append(v) })
      if (b instanceof Int32Column) return ranged(-2147483648, 2147483647, (v) => { b.append(v) })
      return undefined
    case MYSQL_TYPE.INT24:
    case MYSQL_TYPE.LONG:
      if (b instanceof Int32Column) return ranged(-2147483648, 2147483647, (v) => { b.append(v) })
      if (b instanceof Int64Column && unsigned) return ranged(0, 4294967295, (v) => { b.appendNumber(v) })
      return undefined
    case MYSQL_TYPE.LONGLONG:
      if (b instanceof Int64Column && !unsigned) return ranged(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, (v) => { b.appendNumber(v) })
      if (b instanceof UInt64Column && unsigned) return ranged(0, Number.MAX_SAFE_INTEGER, (v) => { b.appendNumber(v) })
      return undefined
    case MYSQL_TYPE.DATETIME:
    case MYSQL_TYPE.TIMESTAMP:
      if (!(b instanceof TimestampColumn)) return undefined
      return (buf, s, e) => {
        const us = asciiDateTimeMicros(buf, s, e)
        if (us === undefined) return false
        b.appendMicros(us)
        return true
      }
    case MYSQL_TYPE.DATE:
      if (!(b instanceof DateColumn)) return undefined
      return (buf, s, e) => {
        const d = asciiDateDays(buf, s, e)
        if (d === undefined) return false
        b.appendDays(d)
        return true
      }
    default:
      return undefined
  }
}

/** The text-protocol decoder of one column: a byte decoder when there is one, else the slow path. */
export function textCellDecoder(ctx: CellContext): CellDecoder {
  const fast = sharedBytesDecoder(ctx) ?? textBytesDecoder(ctx)
  return fast === undefined ? ctx.slow : lengthCoded(ctx.slow, fast)
}
