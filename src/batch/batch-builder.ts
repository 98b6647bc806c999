import { makeData, RecordBatch, Schema, Struct } from 'apache-arrow'
import { RivetError } from '../errors/index.js'
import { arrowField } from '../types/arrow-type.js'
import type { Fidelity, RivetType } from '../types/index.js'
import type { ColumnBuilder } from './column-builder.js'

/**
 * Rows across a fixed set of column builders. A source appends one value per column, calls
 * `endRow()`, and yields `finish()` at the batch size or byte budget.
 */
export class BatchBuilder {
  readonly schema: Schema
  readonly builders: readonly ColumnBuilder[]
  #rows = 0

  constructor(schema: Schema, builders: ColumnBuilder[]) {
    if (schema.fields.length !== builders.length) {
      throw new RivetError(
        'RIVET_INTERNAL',
        `batch: schema has ${schema.fields.length} fields but ${builders.length} column builders were given`,
      )
    }
    this.schema = schema
    this.builders = builders
  }

  get rowCount(): number {
    return this.#rows
  }

  /** Approximate bytes buffered across all columns (O(columns); call per batch check, not per value). */
  get byteSize(): number {
    let total = 0
    for (const b of this.builders) total += b.byteSize
    return total
  }

  endRow(): void {
    this.#rows++
  }

  /** Ends `count` rows whose values were appended in bulk (`ColumnBuilder.appendRaw`). */
  endRows(count: number): void {
    this.#rows += count
  }

  /** The buffered rows as one RecordBatch (0 rows keeps the schema); resets for the next batch. */
  finish(): RecordBatch {
    const length = this.#rows
    const children = this.builders.map((b, i) => {
      if (b.length !== length) {
        throw new RivetError(
          'RIVET_INTERNAL',
          `batch: column '${this.schema.fields[i]?.name ?? i}' has ${b.length} values for ${length} rows`,
        )
      }
      return b.finish()
    })
    this.#rows = 0
    const data = makeData({ type: new Struct(this.schema.fields), length, nullCount: 0, children })
    return new RecordBatch(this.schema, data)
  }
}

export interface SchemaColumn {
  readonly name: string
  readonly type: RivetType
  readonly nativeType: string
  readonly fidelity: Fidelity
  readonly nullable?: boolean
}

/** The output schema for typed columns, with rivet's field metadata (Q01, Q04, Q08). */
export function schemaFor(columns: readonly SchemaColumn[]): Schema {
  return new Schema(
    columns.map((c) =>
      arrowField(c.name, c.type, {
        nativeType: c.nativeType,
        fidelity: c.fidelity,
        ...(c.nullable === undefined ? {} : { nullable: c.nullable }),
      }),
    ),
  )
}
