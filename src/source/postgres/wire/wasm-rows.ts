import {
  BinaryColumn,
  BoolColumn,
  type ColumnBuilder,
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
} from '../../../batch/index.js'
import { flushOutputs, type Output, type OutputTarget, stageCall, writeDescriptorHeads } from '../../../wasm/column-outputs.js'
import { align8, type Kernel, loadKernel } from '../../../wasm/kernel.js'
import { PG_ROWS_WASM } from '../../../wasm/pg-rows.generated.js'
import type { DecodeContext } from '../text-decode.js'
import { JSONB_OID, STRING_OIDS } from './field-decoders.js'

/**
 * DataRow messages decoded in bulk by a small wasm module (wasm/pg-rows.ts): the received
 * bytes are copied into its memory once, the module decodes every plain row into column
 * buffers, and those are appended to the builders a column at a time. A row with any field
 * outside the module's plain shapes (±infinity, a NUMERIC beyond 18 digits or NaN, a value over
 * `max_value_mb`, …) stops the call before it, and that row takes the per-field JS decoder
 * (field-decoders.ts), so both give the same values. Off with `RIVET_PG_WASM=0`, and for
 * exports with a column the module does not decode (text-decoded types such as interval or
 * arrays, `columns:` overrides that change the builder, nanosecond timestamps).
 */
export const PG_WASM_ENV = 'RIVET_PG_WASM'

/** Column kinds of the module (wasm/pg-rows.ts) and the Arrow width of their values (0: bytes). */
const KIND = {
  bool: [1, 1], i16: [2, 2], i32: [3, 4], i64: [4, 8], oidAsI64: [5, 8], f32: [6, 4], f64: [7, 8],
  date: [8, 4], timestamp: [9, 8], uuid: [10, 16], numeric: [11, 16], bytes: [12, 0],
} as const
type KindEntry = (typeof KIND)[keyof typeof KIND]

const DESC_BYTES = 24
const RESULT_BYTES = 8
/** Bytes of received data one call looks at (socket reads are 64 KiB). */
const WINDOW_BYTES = 4 * 1024 * 1024
/** The smallest DataRow with one field: type, length, field count, and one NULL length per column. */
const ROW_HEAD = 7

interface RowsExports {
  readonly decode: (chunk: number, len: number, cols: number, desc: number, maxRows: number, result: number) => number
}

interface Target extends OutputTarget {
  /** Leading bytes of a value to skip (jsonb's version byte); descriptor byte 20. */
  readonly skip: number
}

export interface PgColumn {
  readonly oid: number
  readonly builder: ColumnBuilder
  readonly ctx: DecodeContext
}

export interface DecodedRows {
  readonly rows: number
  /** Position after the last decoded row. */
  readonly next: number
}

/** Decodes the complete DataRow messages at the start of `buf[at, end)` into the builders. */
export type BulkRows = (buf: Buffer, at: number, end: number) => DecodedRows

let kernel: Kernel<RowsExports> | undefined
/** Rows this process decoded in wasm so far (diagnostics and tests). */
let decodedRows = 0

export function pgWasmRowsDecoded(): number {
  return decodedRows
}

/** The module's kind for a column, mirroring wireColumn() in field-decoders.ts; undefined when it has none. */
function kindOf(oid: number, b: ColumnBuilder): { entry: KindEntry; param: number; skip: number } | undefined {
  const is = (entry: KindEntry, param = 0, skip = 0): { entry: KindEntry; param: number; skip: number } => ({ entry, param, skip })
  if (b instanceof Utf8Column) {
    // binary text types and text-format columns arrive as the same UTF-8 bytes; jsonb has a version byte first
    if (oid === JSONB_OID) return is(KIND.bytes, 0, 1)
    return STRING_OIDS.has(oid) || b.type.kind !== 'interval' ? is(KIND.bytes) : undefined
  }
  switch (oid) {
    case 16:
      return b instanceof BoolColumn ? is(KIND.bool) : undefined
    case 21:
      return b instanceof Int16Column ? is(KIND.i16) : undefined
    case 23:
      return b instanceof Int32Column ? is(KIND.i32) : undefined
    case 20:
      return b instanceof Int64Column ? is(KIND.i64) : undefined
    case 26:
      return b instanceof Int64Column ? is(KIND.oidAsI64) : undefined
    case 700:
      return b instanceof Float32Column ? is(KIND.f32) : undefined
    case 701:
      return b instanceof Float64Column ? is(KIND.f64) : undefined
    case 1700:
      return b instanceof DecimalColumn && b.precision <= 38 && b.scale >= 0 && b.scale <= 18 ? is(KIND.numeric, b.scale) : undefined
    case 1082:
      return b instanceof DateColumn ? is(KIND.date) : undefined
    case 1083:
      return b instanceof TimeColumn && b.unit === 'microsecond' ? is(KIND.i64) : undefined
    case 1114:
    case 1184:
      return b instanceof TimestampColumn && b.unit === 'microsecond' ? is(KIND.timestamp) : undefined
    case 2950:
      return b instanceof UuidColumn ? is(KIND.uuid) : undefined
    case 17:
      return b instanceof BinaryColumn ? is(KIND.bytes) : undefined
    default:
      return undefined
  }
}

/**
 * The bulk decoder for these columns, or undefined when some column keeps the per-field path.
 * `endRows` is told how many rows each call appended.
 */
export function pgWasmRows(columns: readonly PgColumn[], endRows: (count: number) => void): BulkRows | undefined {
  if (process.env[PG_WASM_ENV] === '0' || columns.length === 0) return undefined
  const targets: Target[] = []
  for (const c of columns) {
    const k = kindOf(c.oid, c.builder)
    if (k === undefined) return undefined
    const max = c.ctx.maxValueBytes ?? 0
    if (k.entry === KIND.bytes && max >= 2 ** 31) return undefined
    targets.push({ kind: k.entry[0], width: k.entry[1], param: k.entry === KIND.bytes ? max : k.param, skip: k.skip, builder: c.builder })
  }
  kernel ??= loadKernel<RowsExports>(PG_ROWS_WASM)
  return bulkDecoder(kernel, targets, endRows)
}

function bulkDecoder(k: Kernel<RowsExports>, targets: readonly Target[], endRows: (count: number) => void): BulkRows {
  const cols = targets.length
  const minRow = ROW_HEAD + 4 * cols
  const desc = k.base
  const result = desc + cols * DESC_BYTES
  const chunkAt = align8(result + RESULT_BYTES)

  return (buf, at, whole) => {
    // a window, so a buffer holding one huge value (joined from many reads) does not grow the
    // module's memory with it: rows past the window come back on the next call, and a single
    // row larger than the window takes the per-field path
    const end = Math.min(whole, at + WINDOW_BYTES)
    const rowsCap = Math.floor((end - at) / minRow)
    if (rowsCap <= 0) return { rows: 0, next: at }
    const staged = stageCall(k, chunkAt, buf, at, end, targets, rowsCap)
    if (staged === undefined) return { rows: 0, next: at }
    describe(staged.outs)
    const rows = k.exports.decode(staged.input, end - at, cols, desc, rowsCap, result)
    const consumed = k.view().getInt32(result, true)
    if (rows > 0) {
      flushOutputs(k, targets, staged.outs, rows)
      endRows(rows)
      decodedRows += rows
    }
    return { rows, next: at + consumed }
  }

  /** Writes each column's descriptor for the outputs of this call. */
  function describe(outs: readonly Output[]): void {
    const view = writeDescriptorHeads(k, desc, DESC_BYTES, targets, outs)
    for (const [c, t] of targets.entries()) view.setInt32(desc + c * DESC_BYTES + 20, t.skip, true)
  }
}
