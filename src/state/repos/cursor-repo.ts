import { RowReader } from '../row-reader.js'
import type { CursorRepo, CursorRow, StateDb } from '../state-store.js'

const COLUMNS = 'export_name, last_cursor_value, last_run_at'

function parseCursor(row: unknown): CursorRow {
  const r = new RowReader(row, 'export_state')
  return { exportName: r.str('export_name'), lastCursorValue: r.strOrNull('last_cursor_value'), lastRunAt: r.strOrNull('last_run_at') }
}

/** Incremental cursors (`export_state`). */
export class SqlCursorRepo implements CursorRepo {
  readonly #db: StateDb
  constructor(db: StateDb) {
    this.#db = db
  }

  async get(exportName: string): Promise<CursorRow | undefined> {
    const rows = await this.#db.all(`SELECT ${COLUMNS} FROM export_state WHERE export_name = ?`, [exportName], parseCursor)
    return rows[0]
  }

  list(): Promise<CursorRow[]> {
    return this.#db.all(`SELECT ${COLUMNS} FROM export_state ORDER BY export_name`, [], parseCursor)
  }

  async set(exportName: string, cursorValue: string | null, at: string): Promise<void> {
    await this.#db.run(
      `INSERT INTO export_state (export_name, last_cursor_value, last_run_at) VALUES (?, ?, ?)
       ON CONFLICT (export_name) DO UPDATE SET
         last_cursor_value = excluded.last_cursor_value,
         last_run_at = excluded.last_run_at`,
      [exportName, cursorValue, at],
    )
  }

  async reset(exportName: string): Promise<boolean> {
    const { changes } = await this.#db.run('DELETE FROM export_state WHERE export_name = ?', [exportName])
    return changes > 0
  }
}
