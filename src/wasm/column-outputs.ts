import { BinaryColumn, type ColumnBuilder, Utf8Column } from '../batch/index.js'
import { align8, type Kernel } from './kernel.js'

/** A column a row-decoding kernel writes: fixed `width` bytes a value, or 0 for bytes with offsets. */
export interface OutputTarget {
  readonly width: number
  readonly builder: ColumnBuilder
}

/** Where one column's outputs sit in module memory for the current call. */
export interface Output {
  /** One validity byte per row (0: NULL). */
  readonly valid: number
  readonly values: number
  /** Byte columns: rows + 1 value end offsets (entry 0 is 0); else 0. */
  readonly offsets: number
}

/**
 * Lays out every column's outputs for up to `rowsCap` rows from `start` on (byte columns get
 * `varBytes` of value space), growing the memory to hold them; undefined when it cannot grow.
 */
export function layoutOutputs(k: Kernel<object>, start: number, targets: readonly OutputTarget[], rowsCap: number, varBytes: number): Output[] | undefined {
  let p = align8(start)
  const outs: Output[] = []
  for (const t of targets) {
    const valid = p
    const values = align8(valid + rowsCap)
    p = align8(values + (t.width > 0 ? rowsCap * t.width : varBytes))
    const offsets = t.width > 0 ? 0 : p
    if (t.width === 0) p = align8(p + (rowsCap + 1) * 4)
    outs.push({ valid, values, offsets })
  }
  if (!k.reserve(p)) return undefined
  const view = k.view()
  for (const o of outs) if (o.offsets !== 0) view.setInt32(o.offsets, 0, true)
  return outs
}

/** Appends the first `rows` decoded rows of every column to its builder. */
export function flushOutputs(k: Kernel<object>, targets: readonly OutputTarget[], outs: readonly Output[], rows: number): void {
  const mem = k.bytes()
  for (const [c, t] of targets.entries()) {
    const o = outs[c] as Output
    const valid = mem.subarray(o.valid, o.valid + rows)
    const b = t.builder
    if (t.width > 0) b.appendRaw(rows, valid, mem.subarray(o.values, o.values + rows * t.width), t.width)
    else if (b instanceof Utf8Column || b instanceof BinaryColumn) b.appendRawVar(rows, valid, new Int32Array(mem.buffer, o.offsets + 4, rows), mem.subarray(o.values))
  }
}
