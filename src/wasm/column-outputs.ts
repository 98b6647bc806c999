import { BinaryColumn, type ColumnBuilder, Utf8Column } from '../batch/index.js'
import { align8, type Kernel } from './kernel.js'

/** A column a row-decoding kernel writes: fixed `width` bytes a value, or 0 for bytes with offsets. */
export interface OutputTarget {
  readonly width: number
  readonly builder: ColumnBuilder
  /** The kernel's column kind and its parameter (descriptor bytes 0 and 4). */
  readonly kind: number
  readonly param: number
}

/** Where one column's outputs sit in module memory for the current call. */
export interface Output {
  /** One validity byte per row (0: NULL). */
  readonly valid: number
  readonly values: number
  /** Byte columns: rows + 1 value end offsets (entry 0 is 0); else 0. */
  readonly offsets: number
}

/** The received bytes a kernel last copied in, and where: a call that resumes them copies nothing. */
interface Resident {
  readonly buf: Buffer
  readonly from: number
  readonly end: number
  readonly to: number
}
const residents = new WeakMap<Kernel<object>, Resident>()

/**
 * Puts `buf[at, end)` into module memory at `to`, unless a call of any decoder on this kernel
 * left exactly those bytes there (a call resuming a buffer after a row for the JS decoder),
 * and lays out each column's outputs for up to `rowsCap` rows after them. Returns the address
 * of `buf[at]` and the outputs; undefined when the memory cannot grow (the caller's JS path).
 */
export function stageCall(k: Kernel<object>, to: number, buf: Buffer, at: number, end: number, targets: readonly OutputTarget[], rowsCap: number): { input: number; outs: Output[] } | undefined {
  let r = residents.get(k)
  if (r?.buf !== buf || r.to !== to || at < r.from || end > r.end) {
    if (!k.reserve(to + end - at)) return undefined
    k.bytes().set(buf.subarray(at, end), to)
    r = { buf, from: at, end, to }
    residents.set(k, r)
  }
  const inputBytes = r.end - r.from
  const outs = layoutOutputs(k, to + inputBytes, targets, rowsCap, inputBytes)
  return outs === undefined ? undefined : { input: to + (at - r.from), outs }
}

/**
 * Writes the head every descriptor shares (kind, param, values, offsets, validity: bytes 0–19
 * of each `stride`-byte descriptor from `desc`); returns the view for the kernel's own fields.
 */
export function writeDescriptorHeads(k: Kernel<object>, desc: number, stride: number, targets: readonly OutputTarget[], outs: readonly Output[]): DataView {
  const view = k.view()
  for (const [c, t] of targets.entries()) {
    const d = desc + c * stride
    const o = outs[c] as Output
    view.setInt32(d, t.kind, true)
    view.setInt32(d + 4, t.param, true)
    view.setUint32(d + 8, o.values, true)
    view.setUint32(d + 12, o.offsets, true)
    view.setUint32(d + 16, o.valid, true)
  }
  return view
}

/**
 * Lays out every column's outputs for up to `rowsCap` rows from `start` on (byte columns get
 * `varBytes` of value space), growing the memory to hold them; undefined when it cannot grow.
 */
function layoutOutputs(k: Kernel<object>, start: number, targets: readonly OutputTarget[], rowsCap: number, varBytes: number): Output[] | undefined {
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
