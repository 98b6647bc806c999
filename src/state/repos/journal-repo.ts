import type { JsonValue } from '../../json/json-value.js'
import { RivetError } from '../../errors/index.js'
import { RowReader } from '../row-reader.js'
import type { JournalRepo, StateDb } from '../state-store.js'

function parseJournal(json: string, runId: string): JsonValue {
  try {
    // JSON.parse only ever yields JSON values
    return JSON.parse(json) as JsonValue
  } catch (err) {
    throw new RivetError('RIVET_STATE_READ', `state: run_journal.journal_json of run '${runId}' is not JSON`, { cause: err })
  }
}

function parseEntry(row: unknown): { runId: string; exportName: string; finishedAt: string; journal: JsonValue } {
  const r = new RowReader(row, 'run_journal')
  const runId = r.str('run_id')
  return { runId, exportName: r.str('export_name'), finishedAt: r.str('finished_at'), journal: parseJournal(r.str('journal_json'), runId) }
}

/** Structured run journals, one per export run (`run_journal`, L06). */
export class SqlJournalRepo implements JournalRepo {
  readonly #db: StateDb
  constructor(db: StateDb) {
    this.#db = db
  }

  /** Replaces an existing journal of the same run (idempotent on retry). */
  async put(runId: string, exportName: string, finishedAt: string, journal: JsonValue): Promise<void> {
    await this.#db.run(
      `INSERT INTO run_journal (run_id, export_name, finished_at, journal_json) VALUES (?, ?, ?, ?)
       ON CONFLICT (run_id) DO UPDATE SET
         export_name = excluded.export_name, finished_at = excluded.finished_at, journal_json = excluded.journal_json`,
      [runId, exportName, finishedAt, JSON.stringify(journal)],
    )
  }

  async recent(exportName: string, limit: number): Promise<{ runId: string; finishedAt: string; journal: JsonValue }[]> {
    const rows = await this.#db.all(
      `SELECT run_id, export_name, finished_at, journal_json FROM run_journal
       WHERE export_name = ? ORDER BY finished_at DESC, run_id DESC LIMIT ?`,
      [exportName, limit],
      parseEntry,
    )
    return rows.map(({ runId, finishedAt, journal }) => ({ runId, finishedAt, journal }))
  }

  async byRunId(runId: string): Promise<{ runId: string; exportName: string; finishedAt: string; journal: JsonValue } | undefined> {
    const rows = await this.#db.all(
      'SELECT run_id, export_name, finished_at, journal_json FROM run_journal WHERE run_id = ?',
      [runId],
      parseEntry,
    )
    return rows[0]
  }
}
