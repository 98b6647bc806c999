import { DataType, type RecordBatch } from 'apache-arrow'
import { formatScaledDecimal, readDecimalLE } from '../../../../src/types/index.js'

/**
 * One column of a batch as comparable JS values: decimals as exact text, 64-bit integers,
 * timestamps and times as bigint text (raw stored units), binary as hex, nulls as null.
 */
export function columnValues(batch: RecordBatch, name: string): unknown[] {
  const vector = batch.getChild(name)
  if (vector === null) throw new Error(`no column ${name}`)
  const out: unknown[] = []
  for (const data of vector.data) {
    const type = data.type as DataType
    for (let i = 0; i < data.length; i++) {
      if (!data.getValid(i)) {
        out.push(null)
        continue
      }
      if (DataType.isDecimal(type)) {
        const width = type.bitWidth === 256 ? 32 : 16
        const words = data.values as Uint32Array
        const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength)
        out.push(formatScaledDecimal(readDecimalLE(bytes, (data.offset + i) * width, width), type.scale))
      } else if (DataType.isDate(type)) {
        out.push((data.values as Int32Array)[data.offset + i])
      } else if (DataType.isTimestamp(type) || (DataType.isTime(type) && type.bitWidth === 64)) {
        out.push(String((data.values as BigInt64Array)[data.offset + i]))
      } else {
        const v: unknown = vector.get(out.length)
        if (typeof v === 'bigint') out.push(v.toString())
        else if (v instanceof Uint8Array) out.push(Buffer.from(v).toString('hex'))
        else out.push(v)
      }
    }
  }
  return out
}

/** Every column of every batch, concatenated per column name. */
export function tableValues(batches: readonly RecordBatch[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {}
  for (const b of batches) for (const f of b.schema.fields) (out[f.name] ??= []).push(...columnValues(b, f.name))
  return out
}
