import { isUtf8 } from 'node:buffer'
import { type Data, makeData, RecordBatch, type Utf8 } from 'apache-arrow'
import { Utf8Column } from '../../../batch/index.js'
import type { RivetType } from '../../../types/index.js'

/** A string column whose cells were copied as raw bytes, to be checked once per batch. */
export interface RawTextColumn {
  readonly index: number
  readonly type: RivetType
}

/**
 * Text cells are copied from the wire without a per-cell UTF-8 check; one native check over
 * each such column's bytes per batch finds the (rare) invalid sequences, and only then is
 * the column rebuilt with the driver's lossy decoding (U+FFFD), as mysql2 would have read it.
 */
export function repairInvalidUtf8(batch: RecordBatch, columns: readonly RawTextColumn[]): RecordBatch {
  let children: Data[] | undefined
  for (const c of columns) {
    const data = batch.data.children[c.index] as Data<Utf8> | undefined
    if (data === undefined) continue
    const offsets = data.valueOffsets
    const start = offsets[data.offset] ?? 0
    const end = offsets[data.offset + data.length] ?? 0
    if (isUtf8(data.values.subarray(start, end))) continue
    children ??= [...batch.data.children]
    children[c.index] = decodedLossily(data, c.type)
  }
  if (children === undefined) return batch
  return new RecordBatch(batch.schema, makeData({ type: batch.data.type, length: batch.numRows, nullCount: 0, children }))
}

function decodedLossily(data: Data<Utf8>, type: RivetType): Data<Utf8> {
  const out = new Utf8Column(type, data.length)
  const offsets = data.valueOffsets
  const bytes = data.values
  for (let i = 0; i < data.length; i++) {
    if (!data.getValid(i)) {
      out.appendNull()
      continue
    }
    const raw = bytes.subarray(offsets[data.offset + i] ?? 0, offsets[data.offset + i + 1] ?? 0)
    if (isUtf8(raw)) out.appendUtf8(raw, 0, raw.length)
    else out.append(Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString('utf8'))
  }
  return out.finish()
}
