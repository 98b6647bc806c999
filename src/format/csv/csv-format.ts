import { createReadStream } from 'node:fs'
import type { Writable } from 'node:stream'
import { type DataType, DateUnit, type RecordBatch, type Schema, TimeUnit, Type } from 'apache-arrow'
import { RivetError } from '../../errors/index.js'
import type { Format, FormatWriter } from '../format.js'
import { arrowTypeLabel } from '../arrow-type-label.js'
import { assertBatchSchema } from '../schema-guard.js'
import { endStream, writeChunk, writeError } from '../write-chunk.js'
import { renderBatch } from './render-batch.js'

const LF = 10

/** The Arrow types with a CSV cell form (G03); everything else is rejected up front. */
export function csvSerializable(type: DataType): boolean {
  const t = type as unknown as { bitWidth?: number; unit?: number; byteWidth?: number }
  switch (type.typeId) {
    case Type.Bool:
    case Type.Float:
    case Type.Utf8:
    case Type.Binary:
      return true
    case Type.Int:
      return (t.bitWidth ?? 0) >= 16
    case Type.Decimal:
      return t.bitWidth === 128
    case Type.FixedSizeBinary:
      return t.byteWidth === 16
    case Type.Date:
      return (type as unknown as { unit: DateUnit }).unit === DateUnit.DAY
    case Type.Time:
      return t.unit === TimeUnit.MICROSECOND && t.bitWidth === 64
    case Type.Timestamp:
      return t.unit === TimeUnit.MICROSECOND
    default:
      return false
  }
}

/** CSV (G03): header of bare column names, `\n` rows, RFC 4180 quoting only where needed. */
export class CsvFormat implements Format {
  readonly name = 'csv'
  readonly extension = 'csv'
  readonly notes: readonly string[] = []

  assertWritable(schema: Schema): void {
    const bad = schema.fields.filter((f) => !csvSerializable(f.type as DataType))
    if (bad.length === 0) return
    const list = bad.map((f) => `CSV cannot serialize column '${f.name}' (Arrow type ${arrowTypeLabel(f.type as DataType)})`)
    throw new RivetError('RIVET_FORMAT_UNSUPPORTED_TYPE', list.join('; '), {
      hint: 'use `format: parquet`, cast the column in the query, or drop it from the query',
      details: { columns: bad.map((f) => f.name) },
    })
  }

  createWriter(schema: Schema, out: Writable): FormatWriter {
    this.assertWritable(schema)
    return new CsvWriter(schema, out)
  }

  /** Data rows: newline count minus the header (a quoted value with newlines counts as it is written). */
  async countRows(path: string): Promise<number> {
    let lines = 0
    let quoted = false
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      for (const c of chunk) {
        if (c === 34) quoted = !quoted
        else if (c === LF && !quoted) lines++
      }
    }
    return Math.max(lines - 1, 0)
  }
}

class CsvWriter implements FormatWriter {
  readonly #out: Writable
  readonly #schema: Schema
  #bytes = 0
  #rows = 0
  #finished: Promise<void> | undefined
  #error: unknown = undefined

  constructor(schema: Schema, out: Writable) {
    this.#out = out
    this.#schema = schema
    out.on('error', (err: unknown) => {
      this.#error ??= err
    })
    const header = Buffer.from(`${schema.fields.map((f) => f.name).join(',')}\n`, 'utf8')
    this.#bytes = header.length
    out.write(header)
  }

  get bytesWritten(): number {
    return this.#bytes
  }

  get rowsWritten(): number {
    return this.#rows
  }

  async write(batch: RecordBatch): Promise<void> {
    if (this.#error !== undefined) throw writeError('csv', this.#error)
    if (this.#finished !== undefined) throw new RivetError('RIVET_INTERNAL', 'csv: write() after finish()')
    assertBatchSchema(this.#schema, batch.schema, 'csv')
    const n = batch.numRows
    if (n === 0) return
    const chunk = renderBatch(batch, n)
    this.#bytes += chunk.length
    this.#rows += n
    await writeChunk(this.#out, chunk, 'csv')
  }

  finish(): Promise<void> {
    this.#finished ??= this.#error !== undefined ? Promise.reject(writeError('csv', this.#error)) : endStream(this.#out, 'csv')
    return this.#finished
  }
}
