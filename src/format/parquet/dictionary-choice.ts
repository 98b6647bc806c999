import { type Data, type RecordBatch, Type } from 'apache-arrow'

/** Values of the file's first batch looked at per column. */
const SAMPLE = 4096
/** A column is dictionary-encoded when its sample repeats each distinct value this often on average. */
const VALUES_PER_DISTINCT = 10

/**
 * The columns worth dictionary encoding, judged from a file's first batch (#8).
 *
 * The Parquet writer's default dictionary-encodes every column until a row group's dictionary
 * outgrows 1 MiB. For a column of mostly distinct values (ids, amounts, timestamps, uuids) that
 * means hashing every value into a dictionary nearly as large as the data, which then goes
 * through zstd anyway: on 1M orders rows it doubled the encode time (2.0 s against 0.9 s) and
 * made the file 32% larger (58.5 against 44.3 MB). A column whose sample holds few distinct
 * values (a status, a currency, a day) keeps the dictionary, where it pays; any other column is
 * written PLAIN and compressed. Booleans and nested columns never get one.
 */
export function dictionaryColumns(batch: RecordBatch): string[] {
  const names: string[] = []
  batch.schema.fields.forEach((field, i) => {
    const data = batch.data.children[i]
    if (data !== undefined && fewDistinct(data)) names.push(field.name)
  })
  return names
}

function fewDistinct(data: Data): boolean {
  const key = valueKey(data)
  if (key === undefined) return false
  const bits = data.nullCount > 0 ? data.nullBitmap : undefined
  const limit = Math.min(data.length, SAMPLE)
  const most = Math.floor(limit / VALUES_PER_DISTINCT)
  const seen = new Set<string>()
  let sampled = 0
  for (let i = 0; i < limit; i++) {
    const k = data.offset + i
    if (bits !== undefined && ((bits[k >> 3] as number) & (1 << (k & 7))) === 0) continue
    sampled++
    seen.add(key(i))
    if (seen.size > most) return false
  }
  return sampled > 0 && seen.size * VALUES_PER_DISTINCT <= sampled
}

/** The bytes of value `i` as a string (a Set key), for the column types a dictionary can encode. */
function valueKey(data: Data): ((i: number) => string) | undefined {
  switch (data.typeId) {
    case Type.Utf8:
    case Type.Binary: {
      const values = data.values as Uint8Array
      const offsets = data.valueOffsets as Int32Array
      const text = Buffer.from(values.buffer, values.byteOffset, values.byteLength)
      return (i) => text.toString('latin1', offsets[i], offsets[i + 1])
    }
    case Type.Int:
    case Type.Float:
    case Type.Decimal:
    case Type.Date:
    case Type.Time:
    case Type.Timestamp:
    case Type.FixedSizeBinary: {
      // `stride` elements of the typed array per value: 16 bytes for a decimal, the width of a fixed binary
      const values = data.values as Uint8Array
      const raw = Buffer.from(values.buffer, values.byteOffset, values.byteLength)
      const w = values.BYTES_PER_ELEMENT * data.stride
      return (i) => raw.toString('latin1', i * w, (i + 1) * w)
    }
    default:
      return undefined
  }
}
