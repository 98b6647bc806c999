import { RowReader } from '../row-reader.js'
import type { ShapeRepo, StateDb } from '../state-store.js'

/** Per-column max byte length, kept as a running MAX across runs (`export_shape`, P02). */
export class SqlShapeRepo implements ShapeRepo {
  readonly #db: StateDb
  constructor(db: StateDb) {
    this.#db = db
  }

  async get(exportName: string): Promise<Map<string, number>> {
    const rows = await this.#db.all(
      'SELECT column_name, max_byte_len FROM export_shape WHERE export_name = ? ORDER BY column_name',
      [exportName],
      (row) => {
        const r = new RowReader(row, 'export_shape')
        return [r.str('column_name'), r.int('max_byte_len')] as const
      },
    )
    return new Map(rows)
  }

  async merge(exportName: string, maxByteLens: ReadonlyMap<string, number>, at: string): Promise<void> {
    if (maxByteLens.size === 0) return
    await this.#db.transaction(async () => {
      for (const [column, len] of maxByteLens) {
        // CASE instead of MAX()/GREATEST(): the one spelling both dialects accept
        await this.#db.run(
          `INSERT INTO export_shape (export_name, column_name, max_byte_len, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (export_name, column_name) DO UPDATE SET
             max_byte_len = CASE WHEN excluded.max_byte_len > export_shape.max_byte_len
                                 THEN excluded.max_byte_len ELSE export_shape.max_byte_len END,
             updated_at = excluded.updated_at`,
          [exportName, column, len, at],
        )
      }
    })
  }
}
