import {
  BoolColumn,
  DateColumn,
  Float32Column,
  Float64Column,
  Int16Column,
  Int32Column,
  Int64Column,
  TimeColumn,
  TimestampColumn,
  UInt64Column,
} from '../../../batch/index.js'
import { MICROS_PER_DAY } from '../temporal-text.js'
import { MYSQL_TYPE } from '../type-map.js'
import { civilDays, dayMicros, isCivilDate } from './ascii.js'
import { lengthCoded, sharedBytesDecoder, type CellContext, type CellDecoder } from './text-cells.js'

const UNSIGNED = 32
/** |high word| below 2^21: the 64-bit value is a safe integer. */
const SAFE_HIGH = 2097152
const TWO_32 = 4294967296

/**
 * Binary-protocol (prepared statement) decoder of one column. Integers and floats are
 * little-endian fixed-width fields; DATE/DATETIME/TIMESTAMP/TIME are a length byte and
 * packed fields (0 bytes = zero value); DECIMAL and strings are length-encoded bytes.
 */
export function binaryCellDecoder(ctx: CellContext): CellDecoder {
  const shared = sharedBytesDecoder(ctx)
  if (shared !== undefined) return lengthCoded(ctx.slow, shared)
  return fixedCellDecoder(ctx) ?? ctx.slow
}

function fixedCellDecoder(ctx: CellContext): CellDecoder | undefined {
  const { field, builder: b } = ctx
  const unsigned = (field.flags & UNSIGNED) !== 0
  switch (field.columnType) {
    case MYSQL_TYPE.TINY:
      if (b instanceof BoolColumn) return (_p, buf, pos) => (b.append(buf[pos] !== 0), pos + 1)
      if (b instanceof Int16Column) return unsigned ? (_p, buf, pos) => (b.append(buf.readUInt8(pos)), pos + 1) : (_p, buf, pos) => (b.append(buf.readInt8(pos)), pos + 1)
      return undefined
    case MYSQL_TYPE.SHORT:
      if (b instanceof Int16Column && !unsigned) return (_p, buf, pos) => (b.append(buf.readInt16LE(pos)), pos + 2)
      if (b instanceof Int32Column && unsigned) return (_p, buf, pos) => (b.append(buf.readUInt16LE(pos)), pos + 2)
      return undefined
    case MYSQL_TYPE.YEAR:
      return b instanceof Int16Column ? (_p, buf, pos) => (b.append(buf.readUInt16LE(pos)), pos + 2) : undefined
    case MYSQL_TYPE.INT24:
    case MYSQL_TYPE.LONG:
      if (b instanceof Int32Column && !unsigned) return (_p, buf, pos) => (b.append(buf.readInt32LE(pos)), pos + 4)
      if (b instanceof Int64Column && unsigned) return (_p, buf, pos) => (b.appendNumber(buf.readUInt32LE(pos)), pos + 4)
      return undefined
    case MYSQL_TYPE.LONGLONG:
      if (b instanceof Int64Column && !unsigned) {
        return (_p, buf, pos) => {
          const hi = buf.readInt32LE(pos + 4)
          if (hi >= -SAFE_HIGH && hi < SAFE_HIGH) b.appendNumber(hi * TWO_32 + buf.readUInt32LE(pos))
          else b.append(buf.readBigInt64LE(pos))
          return pos + 8
        }
      }
      if (b instanceof UInt64Column && unsigned) {
        return (_p, buf, pos) => {
          const hi = buf.readUInt32LE(pos + 4)
          if (hi < SAFE_HIGH) b.appendNumber(hi * TWO_32 + buf.readUInt32LE(pos))
          else b.append(buf.readBigUInt64LE(pos))
          return pos + 8
        }
      }
      return undefined
    case MYSQL_TYPE.FLOAT:
      return b instanceof Float32Column ? (_p, buf, pos) => (b.append(buf.readFloatLE(pos)), pos + 4) : undefined
    case MYSQL_TYPE.DOUBLE:
      return b instanceof Float64Column ? (_p, buf, pos) => (b.append(buf.readDoubleLE(pos)), pos + 8) : undefined
    case MYSQL_TYPE.DATETIME:
    case MYSQL_TYPE.TIMESTAMP:
      return b instanceof TimestampColumn ? dateTimeCell(ctx, b) : undefined
    case MYSQL_TYPE.DATE:
      return b instanceof DateColumn ? dateCell(ctx, b) : undefined
    case MYSQL_TYPE.TIME:
      return b instanceof TimeColumn ? timeCell(ctx, b) : undefined
    default:
      return undefined
  }
}

/**
 * Length 4 (date), 7 (+ time) or 11 (+ microseconds); zero and invalid values take the slow
 * path. Rows of one day are common, so the last date's day number is reused.
 */
function dateTimeCell(ctx: CellContext, b: TimestampColumn): CellDecoder {
  // Microseconds on a DATETIME(0) would be formatted oddly by the driver: keep its path.
  const maxLength = ctx.field.decimals > 0 ? 11 : 7
  let lastDate = -1
  let lastDays = 0
  return (packet, buf, pos) => {
    const n = buf[pos] as number
    if ((n !== 4 && n !== 7 && n !== 11) || n > maxLength) return ctx.slow(packet, buf, pos)
    const date = buf.readUInt32LE(pos + 1) // year (2 bytes LE), month, day
    if (date !== lastDate) {
      const y = date & 0xffff
      const mo = (date >>> 16) & 0xff
      const d = date >>> 24
      if (!isCivilDate(y, mo, d)) return ctx.slow(packet, buf, pos)
      lastDays = civilDays(y, mo, d)
      lastDate = date
    }
    const h = n > 4 ? (buf[pos + 5] as number) : 0
    const mi = n > 4 ? (buf[pos + 6] as number) : 0
    const s = n > 4 ? (buf[pos + 7] as number) : 0
    const us = n > 7 ? buf.readUInt32LE(pos + 8) : 0
    if (h > 23 || mi > 59 || s > 59 || us > 999_999) return ctx.slow(packet, buf, pos)
    b.appendMicros(dayMicros(lastDays, h, mi, s, us))
    return pos + 1 + n
  }
}

function dateCell(ctx: CellContext, b: DateColumn): CellDecoder {
  return (packet, buf, pos) => {
    if (buf[pos] !== 4) return ctx.slow(packet, buf, pos)
    const y = buf.readUInt16LE(pos + 1)
    const mo = buf[pos + 3] as number
    const d = buf[pos + 4] as number
    if (!isCivilDate(y, mo, d)) return ctx.slow(packet, buf, pos)
    b.appendDays(civilDays(y, mo, d))
    return pos + 5
  }
}

/** Length 0 (00:00:00), 8 or 12: sign, days, h, m, s[, µs]. Negative or ≥ 24 h takes the slow path (an error). */
function timeCell(ctx: CellContext, b: TimeColumn): CellDecoder {
  return (packet, buf, pos) => {
    const n = buf[pos] as number
    if (n === 0) {
      b.appendMicros(0)
      return pos + 1
    }
    if ((n !== 8 && n !== 12) || buf[pos + 1] !== 0) return ctx.slow(packet, buf, pos)
    const days = buf.readUInt32LE(pos + 2)
    const h = buf[pos + 6] as number
    const mi = buf[pos + 7] as number
    const s = buf[pos + 8] as number
    const us = n === 12 ? buf.readUInt32LE(pos + 9) : 0
    const total = (((days * 24 + h) * 60 + mi) * 60 + s) * 1_000_000 + us
    if (mi > 59 || s > 59 || us > 999_999 || total >= MICROS_PER_DAY) return ctx.slow(packet, buf, pos)
    b.appendMicros(total)
    return pos + 1 + n
  }
}
