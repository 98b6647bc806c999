import type { RecordBatch } from 'apache-arrow'
import { RivetError } from '../../errors/index.js'
import { type CellWriter, growOutput } from './cell-writer.js'
import { nullBits } from './byte-writers.js'
import { columnWriter } from './cell-writers.js'
import { renderWasm } from './wasm-render.js'

const COMMA = 44
const LF = 10
const NO_NULLS = new Uint8Array(0)

/** Renders the rows of `batch` as CSV lines: in wasm where it can (wasm-render.ts), else in JS. */
export function renderBatch(batch: RecordBatch, n: number): Buffer {
  if (batch.numCols === 0) return Buffer.alloc(n, LF) // `SELECT FROM t`: one empty line per row
  return renderWasm(batch, n) ?? renderBatchJs(batch, n)
}

/**
 * The JS renderer. Each column's writer knows the most bytes one of its cells can take in this
 * batch, so the loop reserves room once per row (the sum of those bounds) and the writers store
 * bytes without any capacity checks.
 */
export function renderBatchJs(batch: RecordBatch, n: number): Buffer {
  const cols = batch.numCols
  if (cols === 0) return Buffer.alloc(n, LF)
  const writers: CellWriter[] = []
  const validity: Uint8Array[] = []
  const bitOffsets: number[] = []
  let rowBound = cols // the commas and the LF
  let typical = cols
  for (let c = 0; c < cols; c++) {
    const data = batch.data.children[c]
    if (data === undefined) throw new RivetError('RIVET_INTERNAL', `csv: batch has no column ${c}`)
    const w = columnWriter(data)
    writers.push(w.write)
    rowBound += w.bound
    typical += w.typical
    validity.push(nullBits(data) ?? NO_NULLS)
    bitOffsets.push(data.offset)
  }
  let buf: Buffer = Buffer.allocUnsafe(Math.max(Math.ceil(typical * n * 1.125), rowBound * 2, 4096))
  let view = new DataView(buf.buffer, buf.byteOffset, buf.length)
  let p = 0
  for (let i = 0; i < n; i++) {
    if (p + rowBound > buf.length) {
      buf = growOutput(buf, p, rowBound)
      view = new DataView(buf.buffer, buf.byteOffset, buf.length)
    }
    for (let c = 0; c < cols; c++) {
      const bits = validity[c] as Uint8Array
      if (bits.length > 0) {
        const k = (bitOffsets[c] as number) + i
        if (((bits[k >> 3] as number) & (1 << (k & 7))) === 0) {
          buf[p++] = COMMA
          continue
        }
      }
      p = (writers[c] as CellWriter)(buf, view, p, i)
      buf[p++] = COMMA
    }
    buf[p - 1] = LF // the last cell's comma
    if (p > buf.length) throw new RivetError('RIVET_INTERNAL', `csv: row ${i} overran its reserved ${rowBound} bytes`)
  }
  return buf.subarray(0, p)
}
