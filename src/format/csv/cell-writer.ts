/**
 * Renders the non-null row `i` of one column at byte `p` of the output and returns the
 * position after it. `b` and `v` view the same output bytes: `v` stores two or four bytes at
 * once (little-endian) at any position. The row loop has already reserved `bound` bytes for
 * the cell, so writers never check capacity (see render-batch.ts). A writer may store junk in
 * the reserved bytes past the end it returns; whatever is written next overwrites it.
 */
export type CellWriter = (b: Uint8Array, v: DataView, p: number, i: number) => number

/** One column's writer for one batch, with its byte bounds. */
export interface ColumnWriter {
  readonly write: CellWriter
  /** The most bytes any cell of this column can take in this batch, junk included. */
  readonly bound: number
  /** The bytes a typical cell takes (sizes the first buffer; a guess, never relied on). */
  readonly typical: number
}

/** A larger output buffer (doubling) with the first `used` bytes of `buf`, room for `extra` more. */
export function growOutput(buf: Buffer, used: number, extra: number): Buffer {
  let cap = buf.length * 2
  while (cap < used + extra) cap *= 2
  const next = Buffer.allocUnsafe(cap)
  buf.copy(next, 0, 0, used)
  return next
}
