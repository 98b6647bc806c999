import type { RunAggregateRepo, RunAggregateRow, StateDb } from '../state-store.js'

/** One row per multi-export `rivet run` (`run_aggregate`, L04); `details` goes to `details_json`. */
export class SqlRunAggregateRepo implements RunAggregateRepo {
  readonly #db: StateDb
  constructor(db: StateDb) {
    this.#db = db
  }

  async insert(a: RunAggregateRow): Promise<void> {
    await this.#db.run(
      `INSERT INTO run_aggregate (run_aggregate_id, started_at, finished_at, duration_ms, config_path, parallel_mode,
         total_exports, success_count, failed_count, skipped_count, total_rows, total_files, total_bytes, details_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        a.runAggregateId, a.startedAt, a.finishedAt, a.durationMs, a.configPath, a.parallelMode,
        a.totalExports, a.successCount, a.failedCount, a.skippedCount, a.totalRows, a.totalFiles, a.totalBytes,
        JSON.stringify(a.details),
      ],
    )
  }
}
