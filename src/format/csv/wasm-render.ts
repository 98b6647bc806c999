import { type Data, type DataType, type RecordBatch, Type } from 'apache-arrow'
import { bytesOf } from '../../batch/buffers.js'
import { mayNeedQuoting, nullBits } from './byte-writers.js'
import { growOutput } from './cell-writer.js'
import { columnWriter } from './cell-writers.js'
import { CSV_RENDER_WASM } from '../../wasm/csv-render.generated.js'
import { align8, type Kernel, loadKernel } from '../../wasm/kernel.js'

/**
 * CSV rows rendered by a small wasm module (wasm/csv-render.ts): the batch's column buffers are
 * copied into its memory, it writes the lines, and they are copied out. Byte loops run several
 * times faster there than in JS (#8), and the output is byte for byte that of render-batch.ts,
 * which stays the fallback: `renderWasm` returns undefined when the module is off
 * (`RIVET_CSV_WASM=0`) or a cell is outside what it handles (a decimal beyond 64 bits, a time of
 * day outside 0–100 h), and the caller renders the batch in JS.
 */

/** Column kinds of the module (wasm/csv-render.ts). */
const KIND = { utf8: 1, utf8Quote: 2, int16: 3, uint16: 4, int32: 5, uint32: 6, int64: 7, uint64: 8, bool: 9, decimal: 10, date: 11, timestamp: 12, time: 13, uuid: 14, binary: 15 } as const
const DESC_BYTES = 48

interface RenderExports {
  readonly render: (n: number, cols: number, desc: number, out: number) => number
}

interface Plan {
  readonly kind: number
  readonly param: number
  readonly validity: Uint8Array | undefined
  readonly bitOffset: number
  readonly values: ArrayBufferView
  readonly offsets: Int32Array | undefined
  /** Most output bytes of the whole column, commas excluded. */
  readonly bound: number
}

let kernel: Kernel<RenderExports> | null | undefined

function renderKernel(): Kernel<RenderExports> | null {
  if (kernel === undefined) kernel = process.env.RIVET_CSV_WASM === '0' ? null : loadKernel<RenderExports>(CSV_RENDER_WASM)
  return kernel
}

/** Total value bytes of a variable-length column's rows [0, n). */
function span(offsets: Int32Array, n: number): number {
  return (offsets[n] as number) - (offsets[0] as number)
}

/** Renders a column the module has no kind for with its JS writer into text cells (no quoting needed). */
function prerendered(data: Data, n: number): { values: Uint8Array; offsets: Int32Array } {
  const w = columnWriter(data)
  let out: Buffer = Buffer.allocUnsafe(Math.max(w.bound * 2, w.typical * n + w.bound))
  let view = new DataView(out.buffer, out.byteOffset, out.length)
  const offsets = new Int32Array(n + 1)
  const bits = nullBits(data)
  let p = 0
  for (let i = 0; i < n; i++) {
    const k = data.offset + i
    if (bits === undefined || ((bits[k >> 3] as number) & (1 << (k & 7))) !== 0) {
      if (p + w.bound > out.length) {
        out = growOutput(out, p, w.bound)
        view = new DataView(out.buffer, out.byteOffset, out.length)
      }
      p = w.write(out, view, p, i)
    }
    offsets[i + 1] = p
  }
  return { values: out.subarray(0, p), offsets }
}

function planColumn(data: Data, n: number): Plan {
  const type: DataType = data.type
  const t = type as unknown as { bitWidth: number; isSigned: boolean; scale: number }
  const validity = nullBits(data)
  const base = { validity, bitOffset: data.offset, offsets: undefined, param: 0 }
  switch (type.typeId) {
    case Type.Bool:
      return { ...base, kind: KIND.bool, values: data.values as Uint8Array, bound: 5 * n }
    case Type.Int: {
      const kinds = { 16: [KIND.uint16, KIND.int16], 32: [KIND.uint32, KIND.int32], 64: [KIND.uint64, KIND.int64] } as const
      const pair = (kinds as Record<number, readonly [number, number] | undefined>)[t.bitWidth]
      if (pair === undefined) break
      return { ...base, kind: t.isSigned ? pair[1] : pair[0], values: data.values as ArrayBufferView, bound: 20 * n }
    }
    case Type.Decimal:
      if (t.bitWidth !== 128 || t.scale > 18 || t.scale < -18) break
      return { ...base, kind: KIND.decimal, param: t.scale, values: data.values as ArrayBufferView, bound: 42 * n }
    case Type.Utf8: {
      const values = data.values as Uint8Array
      const offsets = data.valueOffsets as Int32Array
      const total = span(offsets, n)
      const special = mayNeedQuoting(values, offsets, n)
      return { ...base, kind: special ? KIND.utf8Quote : KIND.utf8, values, offsets, bound: special ? total * 2 + 2 * n : total }
    }
    case Type.Binary: {
      const offsets = data.valueOffsets as Int32Array
      return { ...base, kind: KIND.binary, values: data.values as Uint8Array, offsets, bound: span(offsets, n) * 2 }
    }
    case Type.FixedSizeBinary:
      return { ...base, kind: KIND.uuid, values: data.values as Uint8Array, bound: 36 * n }
    case Type.Date:
      return { ...base, kind: KIND.date, values: data.values as Int32Array, bound: 16 * n }
    case Type.Time:
      return { ...base, kind: KIND.time, values: data.values as BigInt64Array, bound: 15 * n }
    case Type.Timestamp:
      return { ...base, kind: KIND.timestamp, values: data.values as BigInt64Array, bound: 32 * n }
    default:
      break
  }
  const text = prerendered(data, n)
  return { ...base, kind: KIND.utf8, values: text.values, offsets: text.offsets, bound: text.values.length }
}

/** The batch's CSV lines, or undefined when the JS renderer must render it (see above). */
export function renderWasm(batch: RecordBatch, n: number): Buffer | undefined {
  const k = renderKernel()
  if (k === null) return undefined
  const cols = batch.numCols
  const plans: Plan[] = []
  let need = k.base + cols * DESC_BYTES
  let outBound = n * cols
  for (let c = 0; c < cols; c++) {
    const data = batch.data.children[c]
    if (data === undefined) return undefined
    const plan = planColumn(data, n)
    plans.push(plan)
    need = align8(need + (plan.validity?.byteLength ?? 0))
    need = align8(need + plan.values.byteLength)
    need = align8(need + (plan.offsets?.byteLength ?? 0))
    outBound += plan.bound
  }
  const out = need
  if (!k.reserve(need + outBound)) return undefined
  const mem = k.bytes()
  const desc = k.view()
  let at = k.base + cols * DESC_BYTES
  const put = (v: ArrayBufferView | undefined): number => {
    if (v === undefined) return 0
    const p = at
    mem.set(bytesOf(v), p)
    at = align8(p + v.byteLength)
    return p
  }
  for (let c = 0; c < cols; c++) {
    const plan = plans[c] as Plan
    const d = k.base + c * DESC_BYTES
    desc.setInt32(d, plan.kind, true)
    desc.setUint32(d + 4, put(plan.validity), true)
    desc.setInt32(d + 8, plan.bitOffset, true)
    desc.setUint32(d + 12, put(plan.values), true)
    desc.setUint32(d + 16, put(plan.offsets), true)
    desc.setInt32(d + 20, plan.param, true)
    desc.setInt32(d + 24, 0, true) // no cached day text yet
  }
  const end = k.exports.render(n, cols, k.base, out)
  if (end === 0) return undefined
  const lines = Buffer.allocUnsafe(end - out)
  lines.set(mem.subarray(out, end))
  return lines
}
