import type { Writable } from 'node:stream'
import { type DataType, type Schema, Type } from 'apache-arrow'
import { RivetError } from '../../errors/index.js'
import type { OutputPlan } from '../../plan/run-plan.js'
import { arrowTypeLabel } from '../arrow-type-label.js'
import type { Format, FormatWriter } from '../format.js'
import { readFooter } from './parquet-footer.js'
import { type EncoderMode, ParquetWriter } from './parquet-writer.js'
import { rowGroupRows } from './row-group-plan.js'
import { planNotes, schemaNotes } from './writer-notes.js'

/** The writer's `created_by`: fixed and version-free so identical rows give identical bytes (AA.6). */
export const CREATED_BY = 'rivet'

const WRITABLE = new Set<Type>([
  Type.Bool,
  Type.Int,
  Type.Float,
  Type.Decimal,
  Type.Date,
  Type.Time,
  Type.Timestamp,
  Type.Utf8,
  Type.Binary,
  Type.FixedSizeBinary,
  Type.List,
])

/**
 * Parquet through parquet-wasm (G01, G02). `notes` lists what the writer cannot honour
 * (AA.7): plan options from the start, plus column notes for every schema seen by
 * `assertWritable` / `createWriter`.
 */
export class ParquetFormat implements Format {
  readonly name = 'parquet'
  readonly extension = 'parquet'
  readonly #output: OutputPlan
  readonly #notes: string[]

  constructor(output: OutputPlan) {
    this.#output = output
    this.#notes = planNotes(output)
  }

  get notes(): readonly string[] {
    return this.#notes
  }

  assertWritable(schema: Schema): void {
    const bad = schema.fields.filter((f) => !writable(f.type as DataType))
    if (bad.length > 0) {
      const list = bad.map((f) => `Parquet cannot serialize column '${f.name}' (Arrow type ${arrowTypeLabel(f.type as DataType)})`)
      throw new RivetError('RIVET_FORMAT_UNSUPPORTED_TYPE', list.join('; '), {
        hint: 'cast the column in the query or drop it from the query',
        details: { columns: bad.map((f) => f.name) },
      })
    }
    for (const note of schemaNotes(schema)) if (!this.#notes.includes(note)) this.#notes.push(note)
  }

  createWriter(schema: Schema, out: Writable): FormatWriter {
    this.assertWritable(schema)
    const options = { compression: this.#output.compression, maxRowGroupSize: rowGroupRows(this.#output.parquet, schema), createdBy: CREATED_BY }
    return new ParquetWriter(schema, out, options, encoderMode())
  }

  async countRows(path: string): Promise<number> {
    return (await readFooter(path)).numRows
  }
}

/**
 * `RIVET_PARQUET_WORKER=0` keeps encoding on the main thread; `1` uses a worker thread even for
 * a file with no rows; unset (or anything else), a file is encoded on a worker from its first batch.
 */
export const WORKER_ENV = 'RIVET_PARQUET_WORKER'

function encoderMode(): EncoderMode {
  const value = process.env[WORKER_ENV]
  if (value === '0') return 'inline'
  if (value === '1') return 'worker'
  return 'auto'
}

function writable(type: DataType): boolean {
  if (!WRITABLE.has(type.typeId)) return false
  if (type.typeId === Type.List) return type.children.every((c) => writable(c.type as DataType))
  return true
}
