import { boolParam, RowReader } from '../row-reader.js'
import type { MetricsRepo, MetricsRow, RunStatus, StateDb } from '../state-store.js'

const RUN_STATUSES: readonly RunStatus[] = ['success', 'failed', 'skipped']
const COLUMNS = `id, export_name, run_id, run_at, duration_ms, total_rows, peak_rss_mb, status, error_message,
  tuning_profile, format, mode, files_produced, bytes_written, retries, validated, schema_changed`

function parseMetrics(row: unknown): MetricsRow & { id: number } {
  const r = new RowReader(row, 'export_metrics')
  return {
    id: r.int('id'),
    exportName: r.str('export_name'),
    // rows written before run ids existed (pre-v1 files) have none
    runId: r.strOrNull('run_id') ?? '',
    runAt: r.str('run_at'),
    durationMs: r.int('duration_ms'),
    totalRows: r.int('total_rows'),
    peakRssMb: r.intOrNull('peak_rss_mb'),
    status: r.oneOf('status', RUN_STATUSES),
    errorMessage: r.strOrNull('error_message'),
    tuningProfile: r.strOrNull('tuning_profile'),
    format: r.strOrNull('format'),
    mode: r.strOrNull('mode'),
    filesProduced: r.intOrNull('files_produced') ?? 0,
    bytesWritten: r.intOrNull('bytes_written') ?? 0,
    retries: r.intOrNull('retries') ?? 0,
    validated: r.boolOrNull('validated'),
    schemaChanged: r.boolOrNull('schema_changed'),
  }
}

/** One row per export run (`export_metrics`, L05). */
export class SqlMetricsRepo implements MetricsRepo {
  readonly #db: StateDb
  constructor(db: StateDb) {
    this.#db = db
  }

  async insert(m: MetricsRow): Promise<void> {
    await this.#db.run(
      `INSERT INTO export_metrics (export_name, run_id, run_at, duration_ms, total_rows, peak_rss_mb, status,
         error_message, tuning_profile, format, mode, files_produced, bytes_written, retries, validated, schema_changed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        m.exportName, m.runId, m.runAt, m.durationMs, m.totalRows, m.peakRssMb, m.status,
        m.errorMessage, m.tuningProfile, m.format, m.mode, m.filesProduced, m.bytesWritten, m.retries,
        boolParam(m.validated), boolParam(m.schemaChanged),
      ],
    )
  }

  recent(opts: { exportName?: string; limit: number }): Promise<(MetricsRow & { id: number })[]> {
    if (opts.exportName === undefined) {
      return this.#db.all(`SELECT ${COLUMNS} FROM export_metrics ORDER BY id DESC LIMIT ?`, [opts.limit], parseMetrics)
    }
    return this.#db.all(
      `SELECT ${COLUMNS} FROM export_metrics WHERE export_name = ? ORDER BY id DESC LIMIT ?`,
      [opts.exportName, opts.limit],
      parseMetrics,
    )
  }
}
