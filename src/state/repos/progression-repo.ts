import { RowReader } from '../row-reader.js'
import type { ProgressionBoundary, ProgressionRepo, ProgressionRow, StateDb } from '../state-store.js'
import { cursorAdvances } from './cursor-order.js'

type Side = 'committed' | 'verified'

const COLUMNS = `export_name,
  last_committed_strategy, last_committed_cursor, last_committed_chunk_index, last_committed_run_id, last_committed_at,
  last_verified_strategy, last_verified_cursor, last_verified_chunk_index, last_verified_run_id, last_verified_at`

function parseBoundary(r: RowReader, side: Side): ProgressionBoundary | undefined {
  const strategy = r.strOrNull(`last_${side}_strategy`)
  const at = r.strOrNull(`last_${side}_at`)
  if (strategy === null || at === null) return undefined
  return {
    strategy,
    cursor: r.strOrNull(`last_${side}_cursor`),
    chunkIndex: r.intOrNull(`last_${side}_chunk_index`),
    runId: r.strOrNull(`last_${side}_run_id`) ?? '',
    at,
  }
}

function parseProgression(row: unknown): ProgressionRow {
  const r = new RowReader(row, 'export_progression')
  return { exportName: r.str('export_name'), committed: parseBoundary(r, 'committed'), verified: parseBoundary(r, 'verified') }
}

/** Committed and verified boundaries per export (`export_progression`, ADR-0008, I07). */
export class SqlProgressionRepo implements ProgressionRepo {
  readonly #db: StateDb
  constructor(db: StateDb) {
    this.#db = db
  }

  async get(exportName: string): Promise<ProgressionRow | undefined> {
    const rows = await this.#db.all(
      `SELECT ${COLUMNS} FROM export_progression WHERE export_name = ?`,
      [exportName],
      parseProgression,
    )
    return rows[0]
  }

  list(): Promise<ProgressionRow[]> {
    return this.#db.all(`SELECT ${COLUMNS} FROM export_progression ORDER BY export_name`, [], parseProgression)
  }

  /**
   * Records the committed boundary. A cursor boundary never moves backwards: when the
   * stored committed cursor is already at or past `boundary.cursor`, nothing changes.
   */
  async commit(exportName: string, boundary: ProgressionBoundary): Promise<void> {
    await this.#db.transaction(async () => {
      if (boundary.cursor !== null) {
        const stored = (await this.get(exportName))?.committed?.cursor ?? null
        if (stored !== null && !cursorAdvances(stored, boundary.cursor)) return
      }
      await this.#upsert(exportName, 'committed', boundary)
    })
  }

  /** Records the verified boundary (after a reconcile with no mismatches). */
  async verify(exportName: string, boundary: ProgressionBoundary): Promise<void> {
    await this.#upsert(exportName, 'verified', boundary)
  }

  async reset(exportName: string): Promise<boolean> {
    const { changes } = await this.#db.run('DELETE FROM export_progression WHERE export_name = ?', [exportName])
    return changes > 0
  }

  async #upsert(exportName: string, side: Side, b: ProgressionBoundary): Promise<void> {
    const cols = ['strategy', 'cursor', 'chunk_index', 'run_id', 'at'].map((c) => `last_${side}_${c}`)
    await this.#db.run(
      `INSERT INTO export_progression (export_name, ${cols.join(', ')}) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (export_name) DO UPDATE SET ${cols.map((c) => `${c} = excluded.${c}`).join(', ')}`,
      [exportName, b.strategy, b.cursor, b.chunkIndex, b.runId, b.at],
    )
  }
}
