import { Field, Int64, makeData, RecordBatch, Schema, Struct, Timestamp, TimeUnit } from 'apache-arrow'
import type { MetaColumnsPlan } from '../plan/run-plan.js'
import { RowHasher } from './row-hasher.js'

export const COL_EXPORTED_AT = '_rivet_exported_at'
export const COL_ROW_HASH = '_rivet_row_hash'

/**
 * Appends rivet's meta columns (O01–O02) to every batch of one output: first
 * `_rivet_exported_at` (Timestamp µs UTC, the same instant on every row), then
 * `_rivet_row_hash` (Int64, always last). Both are non-nullable. The row hash covers the
 * source columns only. With neither column enabled, `schema` is the input schema and
 * `apply` returns its argument unchanged.
 */
export class MetaColumns {
  readonly schema: Schema
  readonly #exportedAtMicros: bigint | undefined
  readonly #hasher: RowHasher | undefined

  private constructor(schema: Schema, exportedAtMicros: bigint | undefined, hasher: RowHasher | undefined) {
    this.schema = schema
    this.#exportedAtMicros = exportedAtMicros
    this.#hasher = hasher
  }

  /** `exportedAt` is the run's single export instant (millisecond precision from `Date`). */
  static async create(schema: Schema, plan: MetaColumnsPlan, exportedAt: Date): Promise<MetaColumns> {
    if (!plan.exportedAt && !plan.rowHash) return new MetaColumns(schema, undefined, undefined)
    const fields: Field[] = [...schema.fields]
    if (plan.exportedAt) fields.push(new Field(COL_EXPORTED_AT, new Timestamp(TimeUnit.MICROSECOND, 'UTC'), false))
    if (plan.rowHash) fields.push(new Field(COL_ROW_HASH, new Int64(), false))
    const enriched = new Schema(fields, schema.metadata)
    const micros = plan.exportedAt ? BigInt(exportedAt.getTime()) * 1000n : undefined
    const hasher = plan.rowHash ? await RowHasher.create() : undefined
    return new MetaColumns(enriched, micros, hasher)
  }

  /** The batch with the meta columns appended (a new RecordBatch over the same column data). */
  apply(batch: RecordBatch): RecordBatch {
    if (this.#exportedAtMicros === undefined && this.#hasher === undefined) return batch
    const length = batch.numRows
    const children = [...batch.data.children]
    if (this.#exportedAtMicros !== undefined) {
      const values = new BigInt64Array(length).fill(this.#exportedAtMicros)
      children.push(makeData({ type: new Timestamp(TimeUnit.MICROSECOND, 'UTC'), length, nullCount: 0, data: values }))
    }
    if (this.#hasher !== undefined) {
      const hashes = this.#hasher.hashColumns(batch.data.children, length)
      children.push(makeData({ type: new Int64(), length, nullCount: 0, data: hashes }))
    }
    const data = makeData({ type: new Struct(this.schema.fields), length, nullCount: 0, children })
    return new RecordBatch(this.schema, data)
  }
}
