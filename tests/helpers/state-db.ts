import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'

/** Reads the SQLite state file next to a config directly (what an operator would inspect). */
export function stateRows(dir: string, sql: string): Record<string, unknown>[] {
  const path = join(dir, '.rivet_state.db')
  if (!existsSync(path)) return []
  const db = new Database(path, { readonly: true })
  try {
    return db.prepare(sql).all() as Record<string, unknown>[]
  } finally {
    db.close()
  }
}

export function storedCursor(dir: string, exportName: string): string | null {
  const row = stateRows(dir, `SELECT last_cursor_value AS v FROM export_state WHERE export_name = '${exportName}'`)[0]
  return row === undefined ? null : (row.v as string | null)
}
