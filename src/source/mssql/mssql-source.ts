import { Connection, type ConnectionConfiguration, Request } from 'tedious'
import { RivetError, type RetryClass } from '../../errors/index.js'
import { logger, type Logger } from '../../log/index.js'
import type { ResolvedSource } from '../../plan/run-plan.js'
import { isUnreachableCode } from '../classify-message.js'
import type { BatchStream, ExportRequest, Source } from '../source.js'
import { enforceTlsPosture } from '../tls.js'
import { classifyMssqlError, errorNumberOf, toMssqlQueryError } from './classify-error.js'
import { mssqlConnectConfig } from './connect-options.js'
import { planExactNumerics } from './describe.js'
import { detectMssqlProxy, type MssqlProxyKind } from './proxy.js'
import { bindParams, execute, mssqlCellText, runSql, runSqlNamed } from './run-request.js'
import { openMssqlStream, type MssqlExecutor } from './stream-reader.js'

const CONNECT_TIMEOUT_MS = 15_000

/**
 * SQL Server source (D06, D22, Q03): one connection, one export in flight. Statements are
 * read-only: SELECT, SET LOCK_TIMEOUT, catalog probes. The statement timeout is enforced
 * client-side on wall time; `break` cancels the running statement (TDS attention).
 */
export class MssqlSource implements Source {
  readonly engine = 'mssql'
  readonly #config: ConnectionConfiguration
  readonly #log: Logger
  #conn: Connection | undefined
  #lockTimeoutMs = -1
  #closed = false
  /** Lossy-numeric warnings already given (keyset pages repeat the same statement shape). */
  readonly #warnedLossy = new Set<string>()
  readonly proxyKind: MssqlProxyKind

  private constructor(config: ConnectionConfiguration, conn: Connection, proxyKind: MssqlProxyKind, log: Logger) {
    this.#config = config
    this.#conn = conn
    this.proxyKind = proxyKind
    this.#log = log
  }

  static async connect(source: ResolvedSource): Promise<MssqlSource> {
    enforceTlsPosture(source)
    const log = logger('rivet::source::mssql')
    const config = mssqlConnectConfig(source, { connectTimeoutMs: CONNECT_TIMEOUT_MS })
    const conn = await openConnection(config, log)
    const probe = async (sql: string): Promise<string | undefined> => {
      try {
        return mssqlCellText((await runSql(conn, sql))[0]?.[0]) ?? undefined
      } catch (err) {
        log.debug({ err: String(err) }, 'proxy probe failed')
        return undefined
      }
    }
    const proxyKind = await detectMssqlProxy(probe, log)
    return new MssqlSource(config, conn, proxyKind, log)
  }

  async #connection(): Promise<Connection> {
    if (this.#closed) throw new RivetError('RIVET_INTERNAL', 'source: SQL Server source used after close()')
    if (this.#conn === undefined) {
      this.#conn = await openConnection(this.#config, this.#log)
      this.#lockTimeoutMs = -1
    }
    return this.#conn
  }

  async export(request: ExportRequest): Promise<BatchStream> {
    const conn = await this.#connection()
    const lockMs = request.tuning.lockTimeoutS > 0 ? Math.round(request.tuning.lockTimeoutS * 1000) : -1
    if (lockMs !== this.#lockTimeoutMs) {
      await this.#run(conn, `SET LOCK_TIMEOUT ${String(lockMs)}`)
      this.#lockTimeoutMs = lockMs
    }
    // The describe is bounded by the statement timeout too; past it the export streams unchanged.
    const describeMs = Math.round(request.tuning.statementTimeoutS * 1000)
    const plan = await planExactNumerics((sql, params) => runSqlNamed(conn, sql, params, describeMs), request.sql, request.params, this.#log)
    const exec: MssqlExecutor = {
      start: (sql, params, done) => {
        const req = new Request(sql, (err) => {
          done(err ?? null)
        })
        bindParams(req, params)
        execute(conn, req, params.length > 0)
        return req
      },
      cancel: () => {
        conn.cancel()
      },
      discard: () => {
        if (this.#conn === conn) this.#conn = undefined
        conn.close()
      },
    }
    return openMssqlStream(exec, request, {
      plan,
      onLossy: (columns, reason) => {
        const key = JSON.stringify([columns, reason])
        if (this.#warnedLossy.has(key)) return
        this.#warnedLossy.add(key)
        this.#log.warn({ columns, reason }, 'wide DECIMAL/NUMERIC/MONEY columns are delivered as doubles (15 significant digits): cast them to varchar in the query with a `columns:` decimal override for exact values')
      },
    })
  }

  async #run(conn: Connection, sql: string, params: readonly string[] = []): Promise<unknown[][]> {
    try {
      return await runSql(conn, sql, params)
    } catch (err) {
      throw toMssqlQueryError(err)
    }
  }

  async queryScalar(sql: string, params: readonly string[] = []): Promise<string | null> {
    const rows = await this.#run(await this.#connection(), sql, params)
    return mssqlCellText(rows[0]?.[0])
  }

  async queryRow(sql: string, params: readonly string[] = []): Promise<(string | null)[] | undefined> {
    const rows = await this.#run(await this.#connection(), sql, params)
    return rows[0]?.map((v) => mssqlCellText(v))
  }

  async queryColumn(sql: string, params: readonly string[] = []): Promise<string[]> {
    const rows = await this.#run(await this.#connection(), sql, params)
    return rows.map((r) => mssqlCellText(r[0])).filter((v): v is string => v !== null)
  }

  classifyError(err: unknown): RetryClass {
    return classifyMssqlError(err)
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    const conn = this.#conn
    this.#conn = undefined
    if (conn === undefined) return
    if (this.#lockTimeoutMs !== -1) {
      // Hand a pooled session back with the server default (wait forever).
      await runSql(conn, 'SET LOCK_TIMEOUT -1').catch((err: unknown) => {
        this.#log.debug({ err: String(err) }, 'LOCK_TIMEOUT reset before close did not complete')
      })
    }
    await new Promise<void>((resolve) => {
      conn.once('end', () => {
        resolve()
      })
      conn.close()
    })
  }
}

async function openConnection(config: ConnectionConfiguration, log: Logger): Promise<Connection> {
  const conn = new Connection(config)
  // A dropped idle connection must not crash the process; the next request reports it.
  conn.on('error', (err: Error) => {
    log.warn({ err: err.message }, 'source connection error')
  })
  try {
    await new Promise<void>((resolve, reject) => {
      conn.connect((err) => {
        if (err === undefined) resolve()
        else reject(err)
      })
    })
    return conn
  } catch (err) {
    conn.close()
    throw mssqlConnectError(err)
  }
}

/** Connect failures: unreachable (F07 fast fail), auth, or a classified generic failure. */
export function mssqlConnectError(err: unknown): RivetError {
  const code = (err as { code?: unknown } | null)?.code
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause
  const msg = err instanceof Error ? err.message : String(err)
  const n = errorNumberOf(err)
  if (n === 18456 || n === 4060 || (code === 'ELOGIN' && n === undefined)) {
    return new RivetError('RIVET_SOURCE_AUTH', `source: authentication or database selection failed: ${msg}`, {
      cause: err,
      hint: 'check the user, password (`password_env`/`url_env`) and database name',
    })
  }
  if (isUnreachableCode(code) || isUnreachableCode(cause?.code) || code === 'ESOCKET' || code === 'ETIMEOUT' || code === 'EINSTLOOKUP') {
    return new RivetError('RIVET_SOURCE_UNREACHABLE', `cannot reach the source: ${msg}`, {
      cause: err,
      retry: { kind: 'transient', reconnect: true, extraDelayMs: 0 },
      hint: 'check host/port and that the server is running; `rivet doctor -c <config>` verifies connectivity and credentials',
    })
  }
  return new RivetError('RIVET_SOURCE_CONNECT', `source: cannot connect: ${msg}`, { cause: err, retry: classifyMssqlError(err) })
}
