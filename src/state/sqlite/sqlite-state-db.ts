import { AsyncLocalStorage } from 'node:async_hooks'
import Database from 'better-sqlite3'
import { errorMessage } from '../../errors/index.js'
import { logger } from '../../log/index.js'
import type { SqlValue, StateDb } from '../state-store.js'
import { driverCode, stateDbError } from '../state-db-error.js'

/** How long a writer waits for another process's lock before SQLITE_BUSY (I01). */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000
const MAX_CACHED_STATEMENTS = 256

type Statement = Database.Statement

/**
 * {@link StateDb} over better-sqlite3. The driver is synchronous; every call still
 * returns a promise so callers stay backend-agnostic. One connection serves the whole
 * process, so while a transaction is open, statements issued from outside its async
 * context wait for it to end instead of silently joining it.
 */
export class SqliteStateDb implements StateDb {
  readonly path: string
  readonly #db: Database.Database
  readonly #statements = new Map<string, Statement>()
  readonly #txScope = new AsyncLocalStorage<symbol>()
  #txToken: symbol | undefined
  #txDone: Promise<void> | undefined
  #closed = false

  private constructor(path: string, db: Database.Database) {
    this.path = path
    this.#db = db
  }

  /** Opens (creating when absent) the database at `path`; `':memory:'` works for tests. */
  static open(path: string): SqliteStateDb {
    const db = new Database(path, { timeout: SQLITE_BUSY_TIMEOUT_MS })
    try {
      const mode: unknown = db.pragma('journal_mode = WAL', { simple: true })
      if (mode !== 'wal' && path !== ':memory:') {
        logger('rivet::state').warn(
          { journal_mode: String(mode) },
          'state: WAL journal mode unavailable; concurrent writers may be slower',
        )
      }
      db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`)
      db.pragma('foreign_keys = ON')
    } catch (err) {
      db.close()
      throw err
    }
    return new SqliteStateDb(path, db)
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    while (this.#mustWait()) await this.#txDone
    try {
      const stmt = this.#prepare(sql)
      if (stmt.reader) return { changes: stmt.all(...params).length }
      return { changes: stmt.run(...params).changes }
    } catch (err) {
      throw stateDbError('RIVET_STATE_WRITE', 'write failed', err, isBusy(err))
    }
  }

  async all<T>(sql: string, params: readonly SqlValue[], parse: (row: unknown) => T): Promise<T[]> {
    while (this.#mustWait()) await this.#txDone
    let rows: unknown[]
    let readonly = true
    try {
      const stmt = this.#prepare(sql)
      readonly = stmt.readonly
      rows = stmt.all(...params)
    } catch (err) {
      throw stateDbError(readonly ? 'RIVET_STATE_READ' : 'RIVET_STATE_WRITE', 'query failed', err, isBusy(err))
    }
    return rows.map(parse)
  }

  async exec(sql: string): Promise<void> {
    while (this.#mustWait()) await this.#txDone
    try {
      this.#db.exec(sql)
    } catch (err) {
      throw stateDbError('RIVET_STATE_WRITE', 'statement batch failed', err, isBusy(err))
    }
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#inTransaction()) return fn() // nested: join the outer transaction
    while (this.#txDone !== undefined) await this.#txDone
    const token = Symbol('state-tx')
    let release = (): void => undefined
    this.#txToken = token
    this.#txDone = new Promise<void>((resolve) => {
      release = resolve
    })
    try {
      // IMMEDIATE takes the write lock up front, so a reader never has to upgrade and
      // hit SQLITE_BUSY_SNAPSHOT, which busy_timeout cannot wait out under WAL.
      this.#control('BEGIN IMMEDIATE')
      let out: T
      try {
        out = await this.#txScope.run(token, fn)
        this.#control('COMMIT')
      } catch (err) {
        this.#rollback()
        throw err
      }
      return out
    } finally {
      this.#txToken = undefined
      this.#txDone = undefined
      release()
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    while (this.#txDone !== undefined) await this.#txDone
    this.#statements.clear()
    this.#db.close()
  }

  #control(sql: 'BEGIN IMMEDIATE' | 'COMMIT'): void {
    try {
      this.#db.exec(sql)
    } catch (err) {
      throw stateDbError('RIVET_STATE_WRITE', `${sql} failed`, err, isBusy(err))
    }
  }

  #rollback(): void {
    // SQLite may already have rolled back (e.g. after SQLITE_FULL)
    if (!this.#db.open || !this.#db.inTransaction) return
    try {
      this.#db.exec('ROLLBACK')
    } catch (rollbackErr) {
      // Report the body's error, not this one; SQLite undoes the journal on the next open.
      logger('rivet::state').warn({ err: errorMessage(rollbackErr) }, 'state: ROLLBACK failed')
    }
  }

  #prepare(sql: string): Statement {
    let stmt = this.#statements.get(sql)
    if (stmt === undefined) {
      stmt = this.#db.prepare(sql)
      if (this.#statements.size >= MAX_CACHED_STATEMENTS) this.#statements.clear()
      this.#statements.set(sql, stmt)
    }
    return stmt
  }

  #inTransaction(): boolean {
    return this.#txToken !== undefined && this.#txScope.getStore() === this.#txToken
  }

  /**
   * True while another async context's transaction is open. Callers loop on it right
   * before the synchronous driver call, so no await separates the check from the use.
   */
  #mustWait(): boolean {
    return this.#txDone !== undefined && !this.#inTransaction()
  }
}

function isBusy(err: unknown): boolean {
  const code = driverCode(err)
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
}
