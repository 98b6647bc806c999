import { RowReader } from '../row-reader.js'
import type { FileLogRepo, FileLogRow, StateDb } from '../state-store.js'

const COLUMNS = 'id, run_id, export_name, file_name, row_count, bytes, format, compression, created_at'

function parseFile(row: unknown): FileLogRow & { id: number } {
  const r = new RowReader(row, 'file_log')
  return {
    id: r.int('id'),
    runId: r.str('run_id'),
    exportName: r.str('export_name'),
    fileName: r.str('file_name'),
    rowCount: r.int('row_count'),
    bytes: r.int('bytes'),
    format: r.str('format'),
    compression: r.strOrNull('compression'),
    createdAt: r.str('created_at'),
  }
}

function withoutId({ id: _id, ...row }: FileLogRow & { id: number }): FileLogRow {
  return row
}

/** Files written per run (`file_log`, formerly `file_manifest`); logged only after a committed write. */
export class SqlFileLogRepo implements FileLogRepo {
  readonly #db: StateDb
  constructor(db: StateDb) {
    this.#db = db
  }

  async insert(f: FileLogRow): Promise<void> {
    await this.#db.run(
      `INSERT INTO file_log (run_id, export_name, file_name, row_count, bytes, format, compression, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [f.runId, f.exportName, f.fileName, f.rowCount, f.bytes, f.format, f.compression, f.createdAt],
    )
  }

  recent(opts: { exportName?: string; limit: number }): Promise<(FileLogRow & { id: number })[]> {
    if (opts.exportName === undefined) {
      return this.#db.all(`SELECT ${COLUMNS} FROM file_log ORDER BY id DESC LIMIT ?`, [opts.limit], parseFile)
    }
    return this.#db.all(
      `SELECT ${COLUMNS} FROM file_log WHERE export_name = ? ORDER BY id DESC LIMIT ?`,
      [opts.exportName, opts.limit],
      parseFile,
    )
  }

  /** In write order. */
  async forRun(runId: string): Promise<FileLogRow[]> {
    const rows = await this.#db.all(`SELECT ${COLUMNS} FROM file_log WHERE run_id = ? ORDER BY id`, [runId], parseFile)
    return rows.map(withoutId)
  }
}
