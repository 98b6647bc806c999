import { AsyncLocalStorage } from 'node:async_hooks'
import pg from 'pg'
import { logger } from '../../log/index.js'
import type { SqlValue, StateDb } from '../state-store.js'
import { driverCode, stateDbError } from '../state-db-error.js'
import { toPgPlaceholders } from './placeholders.js'
import { isLocalStateHost, type StateConnectTarget } from './state-url.js'

const CONNECT_TIMEOUT_MS = 10_000
/** Connection failures, serialization failures, deadlocks, admin shutdown, plus socket errnos. */
const TRANSIENT_CODES = new Set(['40001', '40P01', '57P01', '57P02', '57P03', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE'])

/**
 * {@link StateDb} over node-postgres for `RIVET_STATE_URL=postgres…` (I02). Statements
 * are written with `?` and rewritten to `$N`. A small pool (≤ 2 connections) serves
 * plain statements; a transaction pins one client, and statements issued inside its
 * async context (found through AsyncLocalStorage) run on that client.
 */
export class PgStateDb implements StateDb {
  readonly display: string
  readonly #pool: pg.Pool
  readonly #txClient = new AsyncLocalStorage<pg.PoolClient>()
  #closed = false

  private constructor(pool: pg.Pool, display: string) {
    this.#pool = pool
    this.display = display
  }

  /** Connects and checks the server answers; warns when a remote host is reached without TLS. */
  static async connect(target: StateConnectTarget): Promise<PgStateDb> {
    const log = logger('rivet::state')
    if (target.tlsMode === 'off' && !isLocalStateHost(target.host)) {
      log.warn(
        'state(pg): connecting to a remote host without TLS; add sslmode=require (or verify-ca / verify-full) to RIVET_STATE_URL',
      )
    }
    const pool = new pg.Pool({
      connectionString: target.connectionString,
      ssl: target.ssl,
      max: 2,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: 30_000,
      application_name: 'rivet-state',
    })
    // An idle client losing its server must not crash the process; the next query reconnects.
    pool.on('error', (err) => {
      log.warn({ err: err.message }, 'state(pg): idle connection closed')
    })
    try {
      await pool.query('SELECT 1')
    } catch (err) {
      await pool.end()
      throw err
    }
    return new PgStateDb(pool, target.display)
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    try {
      const res = await this.#queryable().query(toPgPlaceholders(sql), [...params])
      return { changes: res.rowCount ?? 0 }
    } catch (err) {
      throw stateDbError('RIVET_STATE_WRITE', 'write failed', err, isTransient(err))
    }
  }

  async all<T>(sql: string, params: readonly SqlValue[], parse: (row: unknown) => T): Promise<T[]> {
    let rows: unknown[]
    try {
      const res = await this.#queryable().query<Record<string, unknown>>(toPgPlaceholders(sql), [...params])
      rows = res.rows
    } catch (err) {
      throw stateDbError('RIVET_STATE_READ', 'query failed', err, isTransient(err))
    }
    return rows.map(parse)
  }

  /** Runs a parameterless batch (simple query protocol: several statements allowed). */
  async exec(sql: string): Promise<void> {
    try {
      await this.#queryable().query(sql)
    } catch (err) {
      throw stateDbError('RIVET_STATE_WRITE', 'statement batch failed', err, isTransient(err))
    }
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#txClient.getStore() !== undefined) return fn() // nested: join the outer transaction
    let client: pg.PoolClient
    try {
      client = await this.#pool.connect()
    } catch (err) {
      throw stateDbError('RIVET_STATE_WRITE', 'connect failed', err, isTransient(err))
    }
    try {
      await client.query('BEGIN')
    } catch (err) {
      client.release(err instanceof Error ? err : true)
      throw stateDbError('RIVET_STATE_WRITE', 'BEGIN failed', err, isTransient(err))
    }
    let broken: Error | undefined
    try {
      const out = await this.#txClient.run(client, fn)
      try {
        await client.query('COMMIT')
      } catch (err) {
        throw stateDbError('RIVET_STATE_WRITE', 'COMMIT failed', err, isTransient(err))
      }
      return out
    } catch (err) {
      try {
        await client.query('ROLLBACK')
      } catch (rollbackErr) {
        // The connection is unusable: drop it from the pool instead of reusing it.
        broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr))
      }
      throw err
    } finally {
      client.release(broken)
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#pool.end()
  }

  #queryable(): pg.Pool | pg.PoolClient {
    return this.#txClient.getStore() ?? this.#pool
  }
}

function isTransient(err: unknown): boolean {
  const code = driverCode(err)
  return code !== undefined && (TRANSIENT_CODES.has(code) || code.startsWith('08'))
}
