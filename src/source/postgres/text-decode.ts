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
  ListColumn,
  TimeColumn,
  TimestampColumn,
  UInt64Column,
  Utf8Column,
  UuidColumn,
  type ColumnBuilder,
} from '../../batch/index.js'
import { RivetError } from '../../errors/index.js'
import { normalizeInterval, parseArrayLiteral, parseByteaHex, parseDate, parseTime, parseTimestamp } from './pg-text.js'

/** Appends one non-NULL text value to a column; throws a column-named RivetError when it cannot. */
export type TextDecoder = (text: string) => void

export interface DecodeContext {
  readonly column: string
  /** Per-value ceiling in bytes (E05); undefined disables the guard. */
  readonly maxValueBytes: number | undefined
}

export function bad(ctx: DecodeContext, what: string, value: string): RivetError {
  const shown = value.length > 64 ? `${value.slice(0, 64)}…` : value
  return new RivetError('RIVET_SOURCE_QUERY', `column '${ctx.column}': cannot represent ${what} value '${shown}'`, {
    hint: 'filter or cast the value in the query (e.g. `CASE WHEN col = \'infinity\' THEN NULL ELSE col END`), or add a `columns:` override',
  })
}

function guardSize(ctx: DecodeContext, text: string): void {
  const max = ctx.maxValueBytes
  if (max === undefined || text.length * 3 <= max) return
  const bytes = Buffer.byteLength(text, 'utf8')
  if (bytes > max) throw valueTooLarge(ctx, bytes, max)
}

/** E05: one value above the per-value ceiling. */
export function valueTooLarge(ctx: DecodeContext, bytes: number, max: number): RivetError {
  const mb = (n: number): string => (n / (1024 * 1024)).toFixed(1)
  return new RivetError('RIVET_VALUE_TOO_LARGE', `RIVET_VALUE_TOO_LARGE: column '${ctx.column}' has a single value of ${mb(bytes)} MB, exceeding the per-value ceiling of ${mb(max)} MB`, {
    hint: 'raise `tuning.max_value_mb` (0 disables the guard), or exclude/truncate the column in the query',
  })
}

/**
 * A decoder from PostgreSQL text output into the builder's Arrow type. The builder's type
 * may be an override (Q07), so decoding follows the target, not the native type.
 */
export function textDecoder(builder: ColumnBuilder, ctx: DecodeContext): TextDecoder {
  if (builder instanceof BoolColumn) return (t) => {
    builder.append(t === 't' || t === 'true')
  }
  if (builder instanceof Int16Column || builder instanceof Int32Column) return (t) => {
    const n = Number(t)
    if (!Number.isInteger(n)) throw bad(ctx, 'integer', t)
    builder.append(n)
  }
  if (builder instanceof Int64Column || builder instanceof UInt64Column) return (t) => {
    builder.appendText(t)
  }
  if (builder instanceof Float32Column || builder instanceof Float64Column) return (t) => {
    builder.append(Number(t))
  }
  if (builder instanceof DecimalColumn) return (t) => {
    builder.appendText(t)
  }
  if (builder instanceof DateColumn) return (t) => {
    const d = parseDate(t)
    if (d === undefined) throw bad(ctx, 'date', t)
    builder.appendDays(d)
  }
  if (builder instanceof TimeColumn) return (t) => {
    const us = parseTime(t)
    if (us === undefined) throw bad(ctx, 'time', t)
    builder.appendMicros(us)
  }
  if (builder instanceof TimestampColumn) return timestampDecoder(builder, ctx)
  if (builder instanceof UuidColumn) return (t) => {
    builder.appendText(t)
  }
  if (builder instanceof BinaryColumn) return (t) => {
    guardSize(ctx, t)
    builder.append(parseByteaHex(t))
  }
  if (builder instanceof Utf8Column) {
    const logical = builder.type.kind
    return (t) => {
      guardSize(ctx, t)
      builder.append(logical === 'interval' ? normalizeInterval(t) : t)
    }
  }
  if (builder instanceof ListColumn) {
    const child = textDecoder(builder.child, ctx)
    return (t) => {
      guardSize(ctx, t)
      const items = parseArrayLiteral(t)
      if (items === undefined) throw bad(ctx, 'multi-dimensional array', t)
      builder.startList()
      for (const item of items) {
        if (item === null) builder.child.appendNull()
        else child(item)
      }
      builder.endList()
    }
  }
  throw new RivetError('RIVET_TYPE_UNSUPPORTED', `column '${ctx.column}': no decoder for type '${builder.type.kind}'`)
}

function timestampDecoder(builder: TimestampColumn, ctx: DecodeContext): TextDecoder {
  const nanos = builder.type.kind === 'timestamp' && builder.type.unit === 'nanosecond'
  return (t) => {
    const us = parseTimestamp(t)
    if (us === undefined) throw bad(ctx, 'timestamp', t)
    if (nanos) builder.appendNanos(BigInt(us) * 1000n)
    else builder.appendMicros(us)
  }
}
