import { RowReader } from '../row-reader.js'
import type {
  CheckpointRepo,
  ChunkRunRow,
  ChunkRunStatus,
  ChunkTaskRow,
  ChunkTaskStatus,
  StateDb,
} from '../state-store.js'

const RUN_STATUSES: readonly ChunkRunStatus[] = ['in_progress', 'completed']
const TASK_STATUSES: readonly ChunkTaskStatus[] = ['pending', 'running', 'completed', 'failed']
const RUN_COLUMNS = 'run_id, export_name, plan_hash, status, max_chunk_attempts, created_at, updated_at'
const TASK_COLUMNS = 'run_id, chunk_index, start_key, end_key, status, attempts, last_error, rows_written, file_name, updated_at'

/**
 * A task is claimable while its run is in progress and it is pending, or failed with
 * attempts left. Pending tasks stay claimable whatever their count, so a task reset by
 * `--resume` after a crash mid-attempt is retried (as upstream), not stranded.
 */
const CLAIMABLE = `(chunk_task.status = 'pending' OR (chunk_task.status = 'failed' AND chunk_task.attempts < ?))`

function parseRun(row: unknown): ChunkRunRow {
  const r = new RowReader(row, 'chunk_run')
  return {
    runId: r.str('run_id'),
    exportName: r.str('export_name'),
    planHash: r.str('plan_hash'),
    status: r.oneOf('status', RUN_STATUSES),
    maxChunkAttempts: r.int('max_chunk_attempts'),
    createdAt: r.str('created_at'),
    updatedAt: r.str('updated_at'),
  }
}

function parseTask(row: unknown): ChunkTaskRow {
  const r = new RowReader(row, 'chunk_task')
  return {
    runId: r.str('run_id'),
    chunkIndex: r.int('chunk_index'),
    startKey: r.str('start_key'),
    endKey: r.str('end_key'),
    status: r.oneOf('status', TASK_STATUSES),
    attempts: r.int('attempts'),
    lastError: r.strOrNull('last_error'),
    rowsWritten: r.intOrNull('rows_written'),
    fileName: r.strOrNull('file_name'),
    updatedAt: r.str('updated_at'),
  }
}

/** Chunk checkpoints (`chunk_run` + `chunk_task`, I05/I06): pending → running → completed | failed. */
export class SqlCheckpointRepo implements CheckpointRepo {
  readonly #db: StateDb
  constructor(db: StateDb) {
    this.#db = db
  }

  async createRun(run: ChunkRunRow, tasks: readonly { chunkIndex: number; startKey: string; endKey: string }[]): Promise<void> {
    await this.#db.transaction(async () => {
      await this.#db.run(
        `INSERT INTO chunk_run (${RUN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [run.runId, run.exportName, run.planHash, run.status, run.maxChunkAttempts, run.createdAt, run.updatedAt],
      )
      for (const t of tasks) {
        await this.#db.run(
          `INSERT INTO chunk_task (run_id, chunk_index, start_key, end_key, status, attempts, updated_at)
           VALUES (?, ?, ?, ?, 'pending', 0, ?)`,
          [run.runId, t.chunkIndex, t.startKey, t.endKey, run.createdAt],
        )
      }
    })
  }

  /** The newest run of any status (what `rivet state chunks` shows). */
  async latestRun(exportName: string): Promise<ChunkRunRow | undefined> {
    const rows = await this.#db.all(
      `SELECT ${RUN_COLUMNS} FROM chunk_run WHERE export_name = ?
       ORDER BY updated_at DESC, created_at DESC, run_id DESC LIMIT 1`,
      [exportName],
      parseRun,
    )
    return rows[0]
  }

  async inProgressRun(exportName: string): Promise<ChunkRunRow | undefined> {
    const rows = await this.#db.all(
      `SELECT ${RUN_COLUMNS} FROM chunk_run WHERE export_name = ? AND status = 'in_progress'
       ORDER BY created_at DESC, run_id DESC LIMIT 1`,
      [exportName],
      parseRun,
    )
    return rows[0]
  }

  tasks(runId: string): Promise<ChunkTaskRow[]> {
    return this.#db.all(`SELECT ${TASK_COLUMNS} FROM chunk_task WHERE run_id = ? ORDER BY chunk_index`, [runId], parseTask)
  }

  /**
   * Claims the lowest claimable chunk in one UPDATE inside a write transaction. The
   * outer re-check of the status makes a lost race (another worker claimed the same
   * row first on PostgreSQL) return no row; the loop then retries while work is left.
   */
  async claimNext(runId: string, maxAttempts: number, at: string): Promise<ChunkTaskRow | undefined> {
    return this.#db.transaction(async () => {
      for (;;) {
        const claimed = await this.#db.all(
          `UPDATE chunk_task SET status = 'running', attempts = attempts + 1, updated_at = ?
           WHERE id = (
             SELECT chunk_task.id FROM chunk_task
             INNER JOIN chunk_run ON chunk_run.run_id = chunk_task.run_id
             WHERE chunk_task.run_id = ? AND chunk_run.status = 'in_progress' AND ${CLAIMABLE}
             ORDER BY chunk_task.chunk_index LIMIT 1
           ) AND ${CLAIMABLE}
           RETURNING ${TASK_COLUMNS}`,
          [at, runId, maxAttempts, maxAttempts],
          parseTask,
        )
        if (claimed[0] !== undefined) return claimed[0]
        if (!(await this.#hasClaimable(runId, maxAttempts))) return undefined
      }
    })
  }

  async completeTask(runId: string, chunkIndex: number, rowsWritten: number, fileName: string | null, at: string): Promise<void> {
    await this.#db.run(
      `UPDATE chunk_task SET status = 'completed', rows_written = ?, file_name = ?, last_error = NULL, updated_at = ?
       WHERE run_id = ? AND chunk_index = ?`,
      [rowsWritten, fileName, at, runId, chunkIndex],
    )
  }

  async failTask(runId: string, chunkIndex: number, error: string, at: string): Promise<void> {
    await this.#db.run(
      `UPDATE chunk_task SET status = 'failed', last_error = ?, updated_at = ? WHERE run_id = ? AND chunk_index = ?`,
      [error, at, runId, chunkIndex],
    )
  }

  async resetRunning(runId: string, at: string): Promise<number> {
    const { changes } = await this.#db.run(
      `UPDATE chunk_task SET status = 'pending', updated_at = ? WHERE run_id = ? AND status = 'running'`,
      [at, runId],
    )
    return changes
  }

  /** Sends one task back to be exported again (J04): attempts, rows and file are cleared. */
  async setTaskPending(runId: string, chunkIndex: number, at: string): Promise<void> {
    await this.#db.run(
      `UPDATE chunk_task SET status = 'pending', attempts = 0, rows_written = NULL, file_name = NULL, updated_at = ?
       WHERE run_id = ? AND chunk_index = ?`,
      [at, runId, chunkIndex],
    )
  }

  async finishRun(runId: string, at: string): Promise<void> {
    await this.#db.run(`UPDATE chunk_run SET status = 'completed', updated_at = ? WHERE run_id = ?`, [at, runId])
  }

  async deleteForExport(exportName: string): Promise<number> {
    return this.#db.transaction(async () => {
      await this.#db.run('DELETE FROM chunk_task WHERE run_id IN (SELECT run_id FROM chunk_run WHERE export_name = ?)', [
        exportName,
      ])
      const { changes } = await this.#db.run('DELETE FROM chunk_run WHERE export_name = ?', [exportName])
      return changes
    })
  }

  inProgressExports(): Promise<string[]> {
    return this.#db.all(
      `SELECT DISTINCT export_name FROM chunk_run WHERE status = 'in_progress' ORDER BY export_name`,
      [],
      (row) => new RowReader(row, 'chunk_run').str('export_name'),
    )
  }

  async #hasClaimable(runId: string, maxAttempts: number): Promise<boolean> {
    const rows = await this.#db.all(
      `SELECT COUNT(*) AS n FROM chunk_task INNER JOIN chunk_run ON chunk_run.run_id = chunk_task.run_id
       WHERE chunk_task.run_id = ? AND chunk_run.status = 'in_progress' AND ${CLAIMABLE}`,
      [runId, maxAttempts],
      (row) => new RowReader(row, 'chunk_task').int('n'),
    )
    return (rows[0] ?? 0) > 0
  }
}
