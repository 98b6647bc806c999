import {
  BoolColumn,
  type ColumnBuilder,
  DateColumn,
  DecimalColumn,
  Float32Column,
  Float64Column,
  Int16Column,
  Int32Column,
  Int64Column,
  TimestampColumn,
  UInt64Column,
} from '../../../batch/index.js'
import { flushOutputs, type Output, type OutputTarget, stageCall, writeDescriptorHeads } from '../../../wasm/column-outputs.js'
import { align8, type Kernel, loadKernel } from '../../../wasm/kernel.js'
import { MYSQL_ROWS_WASM } from '../../../wasm/mysql-rows.generated.js'
import { MYSQL_TYPE } from '../type-map.js'
import type { WireField } from './mysql2-cell.js'
import type { RowColumn } from './row-decoder.js'
import { isRawBinaryColumn, isRawUtf8Column } from './text-cells.js'

/**
 * Row packets decoded in bulk by a small wasm module (wasm/mysql-rows.ts): a
 * network chunk is copied into its memory once, the module decodes every plain row of it into
 * column buffers, and those are appended to the builders a column at a time. A row with any
 * cell outside the module's plain shapes (a zero date, a long decimal, a value over
 * `max_value_mb`, …) stops the call before it, and that row takes the per-cell JS decoder
 * (binary-cells.ts, text-cells.ts), so both give the same values. Off with
 * `RIVET_MYSQL_WASM=0`, and for exports with a column type the module does not decode in that
 * protocol (TIME and BIT in both, FLOAT/DOUBLE in the text protocol, …).
 */
export const WASM_ROWS_ENV = 'RIVET_MYSQL_WASM'

/** Column kinds of the module (wasm/mysql-rows.ts) and the Arrow width of their values. */
const KIND = {
  i8AsI16: [1, 2], u8AsI16: [2, 2], bool: [3, 1], i16: [4, 2], u16AsI16: [5, 2], u16AsI32: [6, 4], i32: [7, 4], u32AsI64: [8, 8],
  i64: [9, 8], f32: [10, 4], f64: [11, 8], dateTime: [12, 8], date: [13, 4], decimal: [14, 16], bytes: [15, 0],
  textBool: [16, 1], textI16: [16, 2], textI32: [16, 4], textI64: [16, 8], textDateTime: [17, 8], textDate: [18, 4], textU64: [19, 8],
} as const
type KindEntry = (typeof KIND)[keyof typeof KIND]

const UNSIGNED = 32
const DESC_BYTES = 48
const RESULT_BYTES = 16
/** Why a call stopped (wasm/mysql-rows.ts). */
export const STOP = { end: 0, other: 1, slow: 2 } as const

interface RowsExports {
  readonly decode: (chunk: number, len: number, cols: number, desc: number, maxRows: number, result: number, text: number) => number
}

interface Target extends OutputTarget {
  /** Text-protocol integers: the accepted range (the JS decoder's, or wider where its slow path gives the same value). */
  readonly bounds: readonly [bigint, bigint] | undefined
}

interface Kind {
  readonly entry: KindEntry
  readonly param: number
  readonly bounds?: readonly [bigint, bigint]
}

export interface DecodedRows {
  readonly rows: number
  /** Chunk position after the last decoded row. */
  readonly next: number
  /** Sequence id of the last decoded packet; -1 when none was. */
  readonly seq: number
  readonly stop: number
}

export interface WasmRows {
  /** Decodes up to `maxRows` complete row packets of `chunk[at, end)` into the builders. */
  decode(chunk: Buffer, at: number, end: number, maxRows: number): DecodedRows
}

let kernel: Kernel<RowsExports> | undefined
/** Rows this process decoded in wasm so far (diagnostics and tests). */
let decodedRows = 0

export function wasmRowsDecoded(): number {
  return decodedRows
}

const INT16: readonly [bigint, bigint] = [-32768n, 32767n]
const INT32: readonly [bigint, bigint] = [-2147483648n, 2147483647n]
const INT64: readonly [bigint, bigint] = [-(2n ** 63n), 2n ** 63n - 1n]

/** The module's kind for a text-protocol column, mirroring the fast decoders of text-cells.ts. */
function textKindOf(field: WireField, b: ColumnBuilder): Kind | undefined {
  const unsigned = (field.flags & UNSIGNED) !== 0
  switch (field.columnType) {
    case MYSQL_TYPE.TINY:
      if (b instanceof BoolColumn) return { entry: KIND.textBool, param: 1, bounds: [-128n, 255n] }
      return b instanceof Int16Column ? { entry: KIND.textI16, param: 2, bounds: INT16 } : undefined
    case MYSQL_TYPE.SHORT:
    case MYSQL_TYPE.YEAR:
      if (b instanceof Int16Column) return { entry: KIND.textI16, param: 2, bounds: INT16 }
      return b instanceof Int32Column ? { entry: KIND.textI32, param: 4, bounds: INT32 } : undefined
    case MYSQL_TYPE.INT24:
    case MYSQL_TYPE.LONG:
      if (b instanceof Int32Column) return { entry: KIND.textI32, param: 4, bounds: INT32 }
      return b instanceof Int64Column && unsigned ? { entry: KIND.textI64, param: 8, bounds: [0n, 4294967295n] } : undefined
    case MYSQL_TYPE.LONGLONG:
      if (b instanceof Int64Column && !unsigned) return { entry: KIND.textI64, param: 8, bounds: INT64 }
      return b instanceof UInt64Column && unsigned ? { entry: KIND.textU64, param: 8 } : undefined
    case MYSQL_TYPE.DATETIME:
    case MYSQL_TYPE.TIMESTAMP:
      return b instanceof TimestampColumn && b.unit === 'microsecond' ? { entry: KIND.textDateTime, param: 0 } : undefined
    case MYSQL_TYPE.DATE:
      return b instanceof DateColumn ? { entry: KIND.textDate, param: 0 } : undefined
    default:
      return sharedKindOf(field, b)
  }
}

/** Kinds both protocols share: DECIMAL (ASCII in both) and raw text/binary bytes. */
function sharedKindOf(field: WireField, b: ColumnBuilder): Kind | undefined {
  const t = field.columnType
  if ((t === MYSQL_TYPE.NEWDECIMAL || t === MYSQL_TYPE.DECIMAL) && b instanceof DecimalColumn) {
    return b.precision <= 38 && b.scale >= 0 && b.scale <= 18 ? { entry: KIND.decimal, param: b.scale } : undefined
  }
  return isRawUtf8Column(field, b) || isRawBinaryColumn(field, b) ? { entry: KIND.bytes, param: 0 } : undefined
}

/** The module's kind for a binary-protocol column, mirroring the fast decoders of binary-cells.ts; undefined when it has none. */
function kindOf(field: WireField, b: ColumnBuilder): Kind | undefined {
  const unsigned = (field.flags & UNSIGNED) !== 0
  const is = (entry: KindEntry | undefined, param = 0): Kind | undefined => (entry === undefined ? undefined : { entry, param })
  switch (field.columnType) {
    case MYSQL_TYPE.TINY:
      if (b instanceof BoolColumn) return is(KIND.bool)
      return b instanceof Int16Column ? is(unsigned ? KIND.u8AsI16 : KIND.i8AsI16) : undefined
    case MYSQL_TYPE.SHORT:
      if (b instanceof Int16Column && !unsigned) return is(KIND.i16)
      return b instanceof Int32Column && unsigned ? is(KIND.u16AsI32) : undefined
    case MYSQL_TYPE.YEAR:
      return b instanceof Int16Column ? is(KIND.u16AsI16) : undefined
    case MYSQL_TYPE.INT24:
    case MYSQL_TYPE.LONG:
      if (b instanceof Int32Column && !unsigned) return is(KIND.i32)
      return b instanceof Int64Column && unsigned ? is(KIND.u32AsI64) : undefined
    case MYSQL_TYPE.LONGLONG:
      return (b instanceof Int64Column && !unsigned) || (b instanceof UInt64Column && unsigned) ? is(KIND.i64) : undefined
    case MYSQL_TYPE.FLOAT:
      return b instanceof Float32Column ? is(KIND.f32) : undefined
    case MYSQL_TYPE.DOUBLE:
      return b instanceof Float64Column ? is(KIND.f64) : undefined
    case MYSQL_TYPE.DATETIME:
    case MYSQL_TYPE.TIMESTAMP:
      // DATETIME(0) with microseconds on the wire keeps the driver's path (binary-cells.ts)
      return b instanceof TimestampColumn && b.unit === 'microsecond' ? is(KIND.dateTime, field.decimals > 0 ? 11 : 7) : undefined
    case MYSQL_TYPE.DATE:
      return b instanceof DateColumn ? is(KIND.date) : undefined
    default:
      return sharedKindOf(field, b)
  }
}

/** The bulk decoder for these columns, or undefined when some column (or the protocol) keeps the per-cell path. */
export function wasmRows(columns: readonly RowColumn[], binaryProtocol: boolean): WasmRows | undefined {
  if (process.env[WASM_ROWS_ENV] === '0' || columns.length === 0) return undefined
  const targets: Target[] = []
  for (const c of columns) {
    const k = binaryProtocol ? kindOf(c.field, c.builder) : textKindOf(c.field, c.builder)
    if (k === undefined) return undefined
    const max = c.maxValueBytes ?? 0
    if (k.entry === KIND.bytes && max >= 2 ** 31) return undefined
    targets.push({ kind: k.entry[0], width: k.entry[1], param: k.entry === KIND.bytes ? max : k.param, bounds: k.bounds, builder: c.builder })
  }
  kernel ??= loadKernel<RowsExports>(MYSQL_ROWS_WASM)
  return bulkDecoder(kernel, targets, binaryProtocol)
}

function bulkDecoder(k: Kernel<RowsExports>, targets: readonly Target[], binaryProtocol: boolean): WasmRows {
  const cols = targets.length
  // the smallest row packet: header and one byte per cell (text), or header, 0x00 and the NULL bitmap (binary)
  const minPacket = binaryProtocol ? 5 + ((cols + 9) >> 3) : 4 + cols
  const desc = k.base
  const result = desc + cols * DESC_BYTES
  const chunkAt = align8(result + RESULT_BYTES)

  return {
    decode(chunk, at, end, maxRows) {
      const none = { rows: 0, next: at, seq: -1, stop: STOP.end }
      const rowsCap = Math.min(maxRows, Math.floor((end - at) / minPacket))
      if (rowsCap <= 0) return none
      const staged = stageCall(k, chunkAt, chunk, at, end, targets, rowsCap)
      if (staged === undefined) return none
      describe(staged.outs)
      const rows = k.exports.decode(staged.input, end - at, cols, desc, rowsCap, result, binaryProtocol ? 0 : 1)
      const view = k.view()
      const consumed = view.getInt32(result, true)
      const seq = view.getInt32(result + 4, true)
      const stop = view.getInt32(result + 8, true)
      if (rows > 0) {
        flushOutputs(k, targets, staged.outs, rows)
        decodedRows += rows
      }
      return { rows, next: at + consumed, seq, stop }
    },
  }

  /** Writes each column's descriptor for the outputs of this call (text-protocol integer bounds at 24 and 32). */
  function describe(outs: readonly Output[]): void {
    const view = writeDescriptorHeads(k, desc, DESC_BYTES, targets, outs)
    for (const [c, t] of targets.entries()) {
      if (t.bounds === undefined) continue
      view.setBigInt64(desc + c * DESC_BYTES + 24, t.bounds[0], true)
      view.setBigInt64(desc + c * DESC_BYTES + 32, t.bounds[1], true)
    }
  }
}
