import type { RecordBatch, Schema } from 'apache-arrow'
import { RivetError } from '../../errors/index.js'
import { columnData, cursorText } from './cursor-value.js'

/**
 * Tracks the incremental cursor while batches stream (AA.1): the stored value is the last
 * non-NULL cursor value written. Rows arrive `ORDER BY cursor`, so that is the greatest
 * non-NULL value in the database's own ordering — a NULL in the last row no longer stalls
 * the cursor, and decimal / unsigned / float cursors advance with their exact text.
 */
export class CursorTracker {
  readonly #index: number
  readonly column: string
  #value: string | undefined

  constructor(schema: Schema, column: string) {
    this.column = column
    this.#index = schema.fields.findIndex((f) => f.name === column)
    if (this.#index < 0) {
      throw new RivetError('RIVET_SOURCE_QUERY', `cursor column '${column}' is not a column of the export query (columns: ${schema.fields.map((f) => f.name).join(', ')})`, {
        hint: 'set `cursor_column` to a column the query returns, or add it to the SELECT list',
      })
    }
  }

  observe(batch: RecordBatch): void {
    const data = columnData(batch.data, this.#index)
    if (data === undefined) return
    for (let row = data.length - 1; row >= 0; row--) {
      const text = cursorText(data, row)
      if (text !== undefined) {
        this.#value = text
        return
      }
    }
  }

  /** The greatest non-NULL cursor value seen, or undefined when every value was NULL (or no rows). */
  get value(): string | undefined {
    return this.#value
  }
}

/** Schema and batches without one column (the synthetic coalesced cursor, D08). */
export function withoutColumn(schema: Schema, name: string): { schema: Schema; strip: (b: RecordBatch) => RecordBatch } {
  const keep = schema.fields.map((f, i) => [f.name, i] as const).filter(([n]) => n !== name).map(([, i]) => i)
  if (keep.length === schema.fields.length) return { schema, strip: (b) => b }
  return { schema: schema.selectAt(keep), strip: (b) => b.selectAt(keep) }
}
