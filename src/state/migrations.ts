import { errorMessage, RivetError } from '../errors/index.js'
import { logger } from '../log/index.js'
import { RowReader } from './row-reader.js'
import type { StateDb } from './state-store.js'

/** Which SQL dialect a {@link StateDb} speaks; only DDL and the version table differ. */
export type StateDialect = 'sqlite' | 'postgres'

/**
 * One schema step. The DDL is written once with three type tokens so both dialects get
 * exactly the upstream Rivet schema (I03): `{pk}` (row id), `{int}` (integer column),
 * `{bool}` (flag column: 0/1 INTEGER on SQLite, BOOLEAN on PostgreSQL).
 */
export interface Migration {
  readonly version: number
  readonly ddl: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    ddl: `CREATE TABLE IF NOT EXISTS export_state (
      export_name TEXT PRIMARY KEY,
      last_cursor_value TEXT,
      last_run_at TEXT
    );
    CREATE TABLE IF NOT EXISTS export_metrics (
      id {pk},
      export_name TEXT NOT NULL,
      run_at TEXT NOT NULL,
      duration_ms {int} NOT NULL,
      total_rows {int} NOT NULL,
      peak_rss_mb {int},
      status TEXT NOT NULL,
      error_message TEXT,
      tuning_profile TEXT,
      format TEXT,
      mode TEXT,
      files_produced {int} DEFAULT 0,
      bytes_written {int} DEFAULT 0,
      retries {int} DEFAULT 0,
      validated {bool},
      schema_changed {bool},
      run_id TEXT
    );
    CREATE TABLE IF NOT EXISTS export_schema (
      export_name TEXT PRIMARY KEY,
      columns_json TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS file_manifest (
      id {pk},
      run_id TEXT NOT NULL,
      export_name TEXT NOT NULL,
      file_name TEXT NOT NULL,
      row_count {int} NOT NULL,
      bytes {int} NOT NULL,
      format TEXT NOT NULL,
      compression TEXT,
      created_at TEXT NOT NULL
    );`,
  },
  {
    version: 2,
    ddl: `CREATE TABLE IF NOT EXISTS chunk_run (
      run_id TEXT PRIMARY KEY,
      export_name TEXT NOT NULL,
      plan_hash TEXT NOT NULL,
      status TEXT NOT NULL,
      max_chunk_attempts {int} NOT NULL DEFAULT 3,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS idx_chunk_run_export_status ON chunk_run(export_name, status);
    CREATE TABLE IF NOT EXISTS chunk_task (
      id {pk},
      run_id TEXT NOT NULL,
      chunk_index {int} NOT NULL,
      start_key TEXT NOT NULL,
      end_key TEXT NOT NULL,
      status TEXT NOT NULL,
      attempts {int} NOT NULL DEFAULT 0,
      last_error TEXT,
      rows_written {int},
      file_name TEXT,
      updated_at TEXT NOT NULL,
      UNIQUE(run_id, chunk_index)
    );
    CREATE INDEX IF NOT EXISTS idx_chunk_task_run_status ON chunk_task(run_id, status);`,
  },
  {
    version: 3,
    ddl: `CREATE INDEX IF NOT EXISTS idx_file_manifest_export ON file_manifest(export_name, id DESC);`,
  },
  {
    version: 4, // committed / verified boundaries (ADR-0008)
    ddl: `CREATE TABLE IF NOT EXISTS export_progression (
      export_name TEXT PRIMARY KEY,
      last_committed_strategy TEXT,
      last_committed_cursor TEXT,
      last_committed_chunk_index {int},
      last_committed_run_id TEXT,
      last_committed_at TEXT,
      last_verified_strategy TEXT,
      last_verified_cursor TEXT,
      last_verified_chunk_index {int},
      last_verified_run_id TEXT,
      last_verified_at TEXT
    );`,
  },
  {
    version: 5,
    ddl: `CREATE TABLE IF NOT EXISTS run_aggregate (
      run_aggregate_id TEXT PRIMARY KEY,
      started_at TEXT NOT NULL,
      finished_at TEXT NOT NULL,
      duration_ms {int} NOT NULL,
      config_path TEXT,
      parallel_mode TEXT NOT NULL,
      total_exports {int} NOT NULL,
      success_count {int} NOT NULL,
      failed_count {int} NOT NULL,
      skipped_count {int} NOT NULL,
      total_rows {int} NOT NULL,
      total_files {int} NOT NULL,
      total_bytes {int} NOT NULL,
      details_json TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS idx_run_aggregate_finished ON run_aggregate(finished_at DESC);`,
  },
  {
    version: 6,
    ddl: `CREATE TABLE IF NOT EXISTS export_shape (
      export_name TEXT NOT NULL,
      column_name TEXT NOT NULL,
      max_byte_len {int} NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (export_name, column_name)
    );`,
  },
  {
    version: 7,
    ddl: `CREATE TABLE IF NOT EXISTS run_journal (
      run_id TEXT PRIMARY KEY,
      export_name TEXT NOT NULL,
      finished_at TEXT NOT NULL,
      journal_json TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS idx_run_journal_export ON run_journal(export_name, finished_at DESC);`,
  },
  {
    version: 8, // "manifest" now names the public JSON artifact (J01)
    ddl: `ALTER TABLE file_manifest RENAME TO file_log;
    DROP INDEX IF EXISTS idx_file_manifest_export;
    CREATE INDEX IF NOT EXISTS idx_file_log_export ON file_log(export_name, id DESC);`,
  },
]

/** The schema version this build writes: the last migration. */
export const SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0)

const TYPE_TOKENS: Record<StateDialect, Record<'{pk}' | '{int}' | '{bool}', string>> = {
  sqlite: { '{pk}': 'INTEGER PRIMARY KEY AUTOINCREMENT', '{int}': 'INTEGER', '{bool}': 'INTEGER' },
  postgres: { '{pk}': 'BIGSERIAL PRIMARY KEY', '{int}': 'BIGINT', '{bool}': 'BOOLEAN' },
}

/** The version table keeps upstream's names so an upstream state DB is recognised. */
export const VERSION_TABLE: Record<StateDialect, string> = { sqlite: 'schema_version', postgres: 'rivet_schema_version' }

/** Serialises concurrent migrators on one PostgreSQL database ('rivt'). */
const PG_MIGRATION_LOCK = 0x72697674

export function migrationDdl(migration: Migration, dialect: StateDialect): string {
  const tokens = TYPE_TOKENS[dialect]
  return migration.ddl.replace(/\{pk\}|\{int\}|\{bool\}/g, (t) => tokens[t as keyof typeof tokens])
}

export interface MigrationOutcome {
  readonly from: number
  readonly to: number
}

/**
 * Brings the schema to {@link SCHEMA_VERSION} in one transaction (run once per open).
 * A database written by a newer rivet is refused rather than guessed at.
 */
export async function migrate(db: StateDb, dialect: StateDialect): Promise<MigrationOutcome> {
  const versionTable = VERSION_TABLE[dialect]
  return db.transaction(async () => {
    if (dialect === 'postgres') await db.run('SELECT pg_advisory_xact_lock(?)', [PG_MIGRATION_LOCK])
    await db.exec(`CREATE TABLE IF NOT EXISTS ${versionTable} (version ${TYPE_TOKENS[dialect]['{int}']} NOT NULL)`)
    const current = await readVersion(db, versionTable)
    if (current > SCHEMA_VERSION) {
      throw new RivetError(
        'RIVET_STATE_MIGRATION',
        `state: the state database is at schema v${current}, newer than this rivet understands (v${SCHEMA_VERSION})`,
        { hint: 'upgrade rivet to the version that wrote this state database; do not downgrade a shared state store' },
      )
    }
    if (current === 0 && dialect === 'sqlite') await addPreVersioningColumns(db)
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue
      logger('rivet::state').debug({ version: m.version }, 'state: applying migration')
      try {
        await db.exec(migrationDdl(m, dialect))
        await db.run(`INSERT INTO ${versionTable} (version) VALUES (?)`, [m.version])
      } catch (err) {
        throw new RivetError('RIVET_STATE_MIGRATION', `state: migration v${m.version} failed: ${errorMessage(err)}`, {
          cause: err,
          hint: 'restore the state database from a backup or move it aside to start fresh (see docs/state.md)',
        })
      }
    }
    await db.run(`DELETE FROM ${versionTable} WHERE version < (SELECT MAX(version) FROM ${versionTable})`)
    return { from: current, to: SCHEMA_VERSION }
  })
}

export async function readVersion(db: StateDb, versionTable: string): Promise<number> {
  const rows = await db.all(`SELECT COALESCE(MAX(version), 0) AS version FROM ${versionTable}`, [], (row) =>
    new RowReader(row, versionTable).int('version'),
  )
  return rows[0] ?? 0
}

/** Metrics columns added before the schema was versioned (very early upstream files). */
const PRE_VERSIONING_METRICS_COLUMNS: readonly (readonly [string, string])[] = [
  ['files_produced', 'INTEGER DEFAULT 0'],
  ['bytes_written', 'INTEGER DEFAULT 0'],
  ['retries', 'INTEGER DEFAULT 0'],
  ['validated', 'INTEGER'],
  ['schema_changed', 'INTEGER'],
  ['run_id', 'TEXT'],
]

async function addPreVersioningColumns(db: StateDb): Promise<void> {
  const existing = await db.all("SELECT name FROM pragma_table_info('export_metrics')", [], (row) =>
    new RowReader(row, 'export_metrics').str('name'),
  )
  if (existing.length === 0) return // no legacy table: v1 creates it whole
  for (const [name, type] of PRE_VERSIONING_METRICS_COLUMNS) {
    if (!existing.includes(name)) await db.exec(`ALTER TABLE export_metrics ADD COLUMN ${name} ${type}`)
  }
}
