import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MIGRATIONS, openStateStore, SCHEMA_VERSION, STATE_DB_FILE } from '../../../src/state/index.js'
import { migrationDdl } from '../../../src/state/migrations.js'

/** The final upstream schema (I03): table → columns in declaration order. */
const FINAL_SCHEMA: Record<string, string[]> = {
  export_state: ['export_name', 'last_cursor_value', 'last_run_at'],
  export_metrics: [
    'id', 'export_name', 'run_at', 'duration_ms', 'total_rows', 'peak_rss_mb', 'status', 'error_message', 'tuning_profile',
    'format', 'mode', 'files_produced', 'bytes_written', 'retries', 'validated', 'schema_changed', 'run_id',
  ],
  export_schema: ['export_name', 'columns_json', 'updated_at'],
  file_log: ['id', 'run_id', 'export_name', 'file_name', 'row_count', 'bytes', 'format', 'compression', 'created_at'],
  chunk_run: ['run_id', 'export_name', 'plan_hash', 'status', 'max_chunk_attempts', 'created_at', 'updated_at'],
  chunk_task: [
    'id', 'run_id', 'chunk_index', 'start_key', 'end_key', 'status', 'attempts', 'last_error', 'rows_written', 'file_name', 'updated_at',
  ],
  export_progression: [
    'export_name', 'last_committed_strategy', 'last_committed_cursor', 'last_committed_chunk_index', 'last_committed_run_id',
    'last_committed_at', 'last_verified_strategy', 'last_verified_cursor', 'last_verified_chunk_index', 'last_verified_run_id',
    'last_verified_at',
  ],
  run_aggregate: [
    'run_aggregate_id', 'started_at', 'finished_at', 'duration_ms', 'config_path', 'parallel_mode', 'total_exports',
    'success_count', 'failed_count', 'skipped_count', 'total_rows', 'total_files', 'total_bytes', 'details_json',
  ],
  export_shape: ['export_name', 'column_name', 'max_byte_len', 'updated_at'],
  run_journal: ['run_id', 'export_name', 'finished_at', 'journal_json'],
  schema_version: ['version'],
}
const FINAL_INDEXES = [
  'idx_chunk_run_export_status', 'idx_chunk_task_run_status', 'idx_file_log_export', 'idx_run_aggregate_finished', 'idx_run_journal_export',
]

let dir: string
let dbPath: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rivet-mig-'))
  dbPath = join(dir, STATE_DB_FILE)
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

function raw(): Database.Database {
  return new Database(dbPath)
}

function names(db: Database.Database, type: 'table' | 'index'): string[] {
  return (db.prepare(`SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`).all(type) as { name: string }[])
    .map((r) => r.name)
}

function columns(db: Database.Database, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name)
}

function versions(db: Database.Database): number[] {
  return (db.prepare('SELECT version FROM schema_version').all() as { version: number }[]).map((r) => r.version)
}

/** Builds an upstream-Rivet database stopped at `version`, as its own migrator left it. */
function upstreamDbAt(version: number): Database.Database {
  const db = raw()
  db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)')
  for (const m of MIGRATIONS.filter((x) => x.version <= version)) db.exec(migrationDdl(m, 'sqlite'))
  db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(version)
  return db
}

describe('state migrations (SQLite)', () => {
  it('creates the exact upstream schema from empty, with WAL and a single version row', async () => {
    const store = await openStateStore({ configDir: dir, env: {} })
    await store.close()
    const db = raw()
    expect(names(db, 'table')).toEqual(Object.keys(FINAL_SCHEMA).sort())
    for (const [table, cols] of Object.entries(FINAL_SCHEMA)) expect(columns(db, table), table).toEqual(cols)
    expect(names(db, 'index').filter((n) => n.startsWith('idx_'))).toEqual(FINAL_INDEXES)
    expect(versions(db)).toEqual([SCHEMA_VERSION])
    expect(SCHEMA_VERSION).toBe(8)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
  })

  it('upgrades an upstream v1 database (file_manifest) to v8 and keeps its rows', async () => {
    const db = upstreamDbAt(1)
    db.prepare(
      `INSERT INTO file_manifest (run_id, export_name, file_name, row_count, bytes, format, compression, created_at)
       VALUES ('orders_1', 'orders', 'orders_1.parquet', 100, 4096, 'parquet', 'zstd', '2025-01-01T00:00:00Z')`,
    ).run()
    db.prepare(`INSERT INTO export_state VALUES ('orders', '42', '2025-01-01T00:00:00Z')`).run()
    db.close()

    const store = await openStateStore({ configDir: dir, env: {} })
    expect(await store.files.forRun('orders_1')).toEqual([
      { runId: 'orders_1', exportName: 'orders', fileName: 'orders_1.parquet', rowCount: 100, bytes: 4096, format: 'parquet', compression: 'zstd', createdAt: '2025-01-01T00:00:00Z' },
    ])
    expect((await store.cursors.get('orders'))?.lastCursorValue).toBe('42')
    await store.close()
    const after = raw()
    expect(names(after, 'table')).not.toContain('file_manifest')
    expect(names(after, 'index')).toContain('idx_file_log_export')
    expect(names(after, 'index')).not.toContain('idx_file_manifest_export')
    expect(versions(after)).toEqual([8])
    after.close()
  })

  it.each([2, 3, 4, 5, 6, 7])('upgrades an upstream v%i database', async (v) => {
    upstreamDbAt(v).close()
    const store = await openStateStore({ configDir: dir, env: {} })
    await store.close()
    const db = raw()
    expect(names(db, 'table')).toEqual(Object.keys(FINAL_SCHEMA).sort())
    expect(versions(db)).toEqual([8])
    db.close()
  })

  it('adds the metrics columns of a pre-versioning database', async () => {
    const db = raw()
    db.exec(`CREATE TABLE export_state (export_name TEXT PRIMARY KEY, last_cursor_value TEXT, last_run_at TEXT);
      CREATE TABLE export_metrics (id INTEGER PRIMARY KEY AUTOINCREMENT, export_name TEXT NOT NULL, run_at TEXT NOT NULL,
        duration_ms INTEGER NOT NULL, total_rows INTEGER NOT NULL, peak_rss_mb INTEGER, status TEXT NOT NULL,
        error_message TEXT, tuning_profile TEXT, format TEXT, mode TEXT);
      INSERT INTO export_metrics (export_name, run_at, duration_ms, total_rows, status) VALUES ('old', 't', 5, 1, 'success');`)
    db.close()
    const store = await openStateStore({ configDir: dir, env: {} })
    const [old] = await store.metrics.recent({ limit: 1 })
    expect(old).toMatchObject({ exportName: 'old', runId: '', filesProduced: 0, bytesWritten: 0, retries: 0, validated: null })
    await store.close()
    const after = raw()
    expect(columns(after, 'export_metrics')).toEqual(FINAL_SCHEMA.export_metrics)
    after.close()
  })

  it('re-opening is idempotent and keeps data', async () => {
    const a = await openStateStore({ configDir: dir, env: {} })
    await a.cursors.set('orders', '7', '2026-01-01T00:00:00Z')
    await a.close()
    const b = await openStateStore({ configDir: dir, env: {} })
    expect((await b.cursors.get('orders'))?.lastCursorValue).toBe('7')
    await b.close()
    const db = raw()
    expect(versions(db)).toEqual([8])
    db.close()
  })

  it('refuses a database written by a newer rivet', async () => {
    const db = upstreamDbAt(8)
    db.prepare('DELETE FROM schema_version').run()
    db.prepare('INSERT INTO schema_version (version) VALUES (9)').run()
    db.close()
    const err = await openStateStore({ configDir: dir, env: {} }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toMatchObject({ code: 'RIVET_STATE_MIGRATION' })
    expect((err as { hint: string }).hint).toMatch(/upgrade rivet/)
  })

  it('rolls back a failing migration as a whole', async () => {
    const db = upstreamDbAt(7)
    // a stray file_log table makes v8's rename fail
    db.exec('CREATE TABLE file_log (x INTEGER)')
    db.close()
    await expect(openStateStore({ configDir: dir, env: {} })).rejects.toMatchObject({ code: 'RIVET_STATE_MIGRATION' })
    const after = raw()
    expect(versions(after)).toEqual([7])
    expect(names(after, 'table')).toContain('file_manifest')
    after.close()
  })
})
