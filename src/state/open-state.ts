import { join } from 'node:path'
import { errorMessage, isRivetError, RivetError } from '../errors/index.js'
import { redactSecrets } from '../redact/index.js'
import { migrate } from './migrations.js'
import { parseStateUrl } from './postgres/state-url.js'
import { SqlStateStore } from './sql-state-store.js'
import type { StateDb } from './state-store.js'

/** The SQLite state file, next to the config file (I01). */
export const STATE_DB_FILE = '.rivet_state.db'

export interface OpenStateOptions {
  /** Directory of the config file; the SQLite file lives here. */
  readonly configDir: string
  /** Read for `RIVET_STATE_URL`; defaults to `process.env`. */
  readonly env?: NodeJS.ProcessEnv
}

/** Which backend {@link openStateStore} would use, without opening anything. */
export type StateLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly display: string }

export function resolveStateLocation(opts: OpenStateOptions): StateLocation {
  const url = (opts.env ?? process.env).RIVET_STATE_URL
  if (url?.startsWith('postgres') === true) return { kind: 'postgres', url, display: redactSecrets(url) }
  return { kind: 'sqlite', path: join(opts.configDir, STATE_DB_FILE) }
}

/**
 * Opens the state store: `.rivet_state.db` in `configDir` (created on first use), or
 * PostgreSQL when `RIVET_STATE_URL` starts with `postgres` (I02). Migrates to the current
 * schema before returning. Failures are `RIVET_STATE_OPEN` (or `RIVET_STATE_MIGRATION`)
 * and never show a password. The caller closes the store.
 */
export async function openStateStore(opts: OpenStateOptions): Promise<SqlStateStore> {
  const where = resolveStateLocation(opts)
  return where.kind === 'sqlite' ? openSqliteStateStore(where.path) : openPostgresStateStore(where.url)
}

/** SQLite at an explicit path (`':memory:'` for tests); one shared connection per file per process. */
export async function openSqliteStateStore(path: string): Promise<SqlStateStore> {
  // drivers load lazily so commands that never touch state do not pay for them
  const { leaseSqliteStateDb } = await import('./sqlite/sqlite-lease.js')
  let db: StateDb
  try {
    db = leaseSqliteStateDb(path)
  } catch (err) {
    throw openError(`'${path}'`, err, 'check that the config directory exists and is writable')
  }
  return migrated(db, 'sqlite', path)
}

export async function openPostgresStateStore(url: string): Promise<SqlStateStore> {
  const display = redactSecrets(url)
  const { PgStateDb } = await import('./postgres/pg-state-db.js')
  let db: StateDb
  try {
    db = await PgStateDb.connect(parseStateUrl(url))
  } catch (err) {
    throw openError(display, err, 'check `RIVET_STATE_URL` (host, credentials, database, `sslmode`) and that the server is reachable')
  }
  return migrated(db, 'postgres', display)
}

async function migrated(db: StateDb, dialect: 'sqlite' | 'postgres', location: string): Promise<SqlStateStore> {
  try {
    await migrate(db, dialect)
  } catch (err) {
    await db.close()
    if (isRivetError(err) && err.code === 'RIVET_STATE_MIGRATION') throw err
    throw openError(location, err, 'check that the state database is writable and that no other rivet process keeps it locked')
  }
  return new SqlStateStore(db, location)
}

function openError(location: string, err: unknown, hint: string): RivetError {
  return new RivetError('RIVET_STATE_OPEN', `state: cannot open state store ${location}: ${redactSecrets(errorMessage(err))}`, {
    hint,
    cause: err,
  })
}
