import { DataType, TimeUnit, type Data } from 'apache-arrow'
import { isoDate, isoTimestampMicros } from '../../temporal/civil.js'
import { formatScaledDecimal, readDecimalLE } from '../../types/index.js'

/**
 * The text form of one cell for the stored incremental cursor (D09 + AA.1): integers
 * decimal (also unsigned 64-bit), floats shortest round-trip, decimals exact at scale, text
 * verbatim, dates `YYYY-MM-DD`, timestamps `YYYY-MM-DDTHH:MM:SS.ffffff` (`.fffffffff` for
 * ns), UUID hyphenated lowercase. `undefined` for NULL or a type that cannot be a cursor.
 */
export function cursorText(data: Data, row: number): string | undefined {
  if (!data.getValid(row)) return undefined
  const type: DataType = data.type
  const i = data.offset + row
  if (DataType.isInt(type)) {
    const v = (data.values as ArrayLike<number | bigint>)[i]
    return v === undefined ? undefined : String(v)
  }
  if (DataType.isFloat(type)) {
    const v = (data.values as ArrayLike<number>)[i]
    return v === undefined || Number.isNaN(v) ? undefined : String(v)
  }
  if (DataType.isDecimal(type)) {
    const width = (type.bitWidth / 8) as 16 | 32
    const bytes = new Uint8Array((data.values as Uint32Array).buffer, (data.values as Uint32Array).byteOffset)
    return formatScaledDecimal(readDecimalLE(bytes, i * width, width), type.scale)
  }
  if (DataType.isUtf8(type)) {
    const offsets = data.valueOffsets as Int32Array
    const start = offsets[i] ?? 0
    const end = offsets[i + 1] ?? start
    return Buffer.from((data.values as Uint8Array).subarray(start, end)).toString('utf8')
  }
  if (DataType.isDate(type)) {
    const v = (data.values as Int32Array)[i]
    return v === undefined ? undefined : isoDate(v)
  }
  if (DataType.isTimestamp(type)) {
    const v = (data.values as BigInt64Array)[i]
    if (v === undefined) return undefined
    return type.unit === TimeUnit.NANOSECOND ? nanosText(v) : isoTimestampMicros(v)
  }
  if (DataType.isFixedSizeBinary(type) && type.byteWidth === 16) {
    const hex = Buffer.from((data.values as Uint8Array).subarray(i * 16, i * 16 + 16)).toString('hex')
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }
  return undefined
}

function nanosText(ns: bigint): string {
  const micros = ns / 1000n - (ns % 1000n < 0n ? 1n : 0n)
  const rem = ((ns % 1000n) + 1000n) % 1000n
  return `${isoTimestampMicros(micros)}${String(rem).padStart(3, '0')}`
}

/** The Data of a column in a batch of one chunk (rivet batches are never chunked). */
export function columnData(batchData: Data, columnIndex: number): Data | undefined {
  return batchData.children[columnIndex]
}
