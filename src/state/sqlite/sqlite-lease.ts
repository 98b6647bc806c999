import { resolve } from 'node:path'
import { RivetError } from '../../errors/index.js'
import type { SqlValue, StateDb } from '../state-store.js'
import { SqliteStateDb } from './sqlite-state-db.js'

interface Shared {
  readonly db: SqliteStateDb
  leases: number
}

const SHARED = new Map<string, Shared>()

/**
 * One connection per database file per process. better-sqlite3 waits for a lock by
 * blocking the thread, so a second connection in the same process that waits on the
 * first one's open transaction would freeze the event loop that must finish it. Stores
 * opened on the same file share one {@link SqliteStateDb}, which serialises their
 * transactions; other processes still coordinate through BEGIN IMMEDIATE and busy_timeout.
 */
export function leaseSqliteStateDb(path: string): StateDb {
  if (path === ':memory:') return SqliteStateDb.open(path)
  const key = resolve(path)
  let shared = SHARED.get(key)
  if (shared === undefined) {
    shared = { db: SqliteStateDb.open(key), leases: 0 }
    SHARED.set(key, shared)
  }
  shared.leases += 1
  return new SqliteLease(key, shared)
}

class SqliteLease implements StateDb {
  readonly #key: string
  readonly #shared: Shared
  #closed = false

  constructor(key: string, shared: Shared) {
    this.#key = key
    this.#shared = shared
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.#open('RIVET_STATE_WRITE').run(sql, params)
  }

  async all<T>(sql: string, params: readonly SqlValue[], parse: (row: unknown) => T): Promise<T[]> {
    return this.#open('RIVET_STATE_READ').all(sql, params, parse)
  }

  async exec(sql: string): Promise<void> {
    return this.#open('RIVET_STATE_WRITE').exec(sql)
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.#open('RIVET_STATE_WRITE').transaction(fn)
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#shared.leases -= 1
    if (this.#shared.leases > 0) return
    SHARED.delete(this.#key)
    await this.#shared.db.close()
  }

  #open(code: 'RIVET_STATE_READ' | 'RIVET_STATE_WRITE'): SqliteStateDb {
    if (this.#closed) return rejectClosed(code, this.#key)
    return this.#shared.db
  }
}

function rejectClosed(code: 'RIVET_STATE_READ' | 'RIVET_STATE_WRITE', path: string): never {
  throw new RivetError(code, `state: the state store at '${path}' is already closed`)
}
