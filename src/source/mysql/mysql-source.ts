import mysql, { type Connection, type ConnectionOptions } from 'mysql2'
import { RivetError, type RetryClass } from '../../errors/index.js'
import { logger, type Logger } from '../../log/index.js'
import type { ResolvedSource } from '../../plan/run-plan.js'
import { isUnreachableCode } from '../classify-message.js'
import type { BatchStream, ExportRequest, Source } from '../source.js'
import { enforceTlsPosture } from '../tls.js'
import { classifyMysqlError, errnoOf, toMysqlQueryError } from './classify-error.js'
import { mysqlConnectOptions } from './connect-options.js'
import { detectMysqlProxy, type MysqlProxyKind } from './proxy.js'
import { cellText, sqlRunner } from './run-query.js'
import { applySessionGuard, restoreSession, timeoutStatement, type SessionSnapshot } from './session.js'
import { openMysqlStream } from './stream-reader.js'

const CONNECT_TIMEOUT_MS = 15_000

interface Live {
  readonly conn: Connection
  readonly session: SessionSnapshot
  /** Statement timeout currently set on the session (0 = the session's own value). */
  timeoutS: number
}

/**
 * MySQL / MariaDB source (D05, D22, D23, Q02): one connection, one export in flight.
 * Statements are read-only: SELECT, SET (session guard), SHOW/KILL for cleanup. A consumer
 * that stops mid-stream gets its statement killed and the connection dropped; the next
 * call reconnects and re-applies the session guard.
 */
export class MysqlSource implements Source {
  readonly engine = 'mysql'
  readonly #options: ConnectionOptions
  readonly #log: Logger
  #live: Live | undefined
  /** The connection whose statement is still streaming, if any. */
  #inflight: Live | undefined
  #closed = false
  /** What the connect-time probe found in front of the server (D22). */
  readonly proxyKind: MysqlProxyKind

  private constructor(options: ConnectionOptions, live: Live, proxyKind: MysqlProxyKind, log: Logger) {
    this.#options = options
    this.#live = live
    this.proxyKind = proxyKind
    this.#log = log
  }

  static async connect(source: ResolvedSource): Promise<MysqlSource> {
    enforceTlsPosture(source)
    const log = logger('rivet::source::mysql')
    const options = mysqlConnectOptions(source, { connectTimeoutMs: CONNECT_TIMEOUT_MS })
    const live = await openLive(options, log)
    const proxyKind = await detectMysqlProxy(sqlRunner(live.conn), log)
    return new MysqlSource(options, live, proxyKind, log)
  }

  /** The server flavour and version seen at connect (`mariadb` decides the timeout variable). */
  get session(): SessionSnapshot | undefined {
    return this.#live?.session
  }

  /** Server thread id of the current connection (for `KILL` and tests), or undefined when dropped. */
  get threadId(): number | undefined {
    return this.#live?.conn.threadId
  }

  async #connection(): Promise<Live> {
    if (this.#closed) throw new RivetError('RIVET_INTERNAL', 'source: MySQL source used after close()')
    // mysql2 would queue the statement behind a paused stream and wait forever.
    if (this.#inflight !== undefined) throw new RivetError('RIVET_INTERNAL', 'source: a MySQL export stream is still open on this connection; finish or break it first')
    this.#live ??= await openLive(this.#options, this.#log)
    return this.#live
  }

  async export(request: ExportRequest): Promise<BatchStream> {
    const live = await this.#connection()
    const seconds = request.tuning.statementTimeoutS
    if (seconds !== live.timeoutS) {
      const sql = timeoutStatement(live.session, seconds)
      if (sql !== undefined) await this.queryScalar(sql)
      live.timeoutS = seconds
    }
    this.#inflight = live
    return openMysqlStream(live.conn, request, {
      abandon: () => this.#abandon(live),
      settled: () => {
        if (this.#inflight === live) this.#inflight = undefined
      },
    })
  }

  async queryScalar(sql: string, params: readonly string[] = []): Promise<string | null> {
    const live = await this.#connection()
    try {
      const rows = await sqlRunner(live.conn)(sql, params)
      return cellText(rows[0]?.[0])
    } catch (err) {
      throw toMysqlQueryError(err)
    }
  }

  async queryRow(sql: string, params: readonly string[] = []): Promise<(string | null)[] | undefined> {
    const live = await this.#connection()
    try {
      const rows = await sqlRunner(live.conn)(sql, params)
      return rows[0]?.map((v) => cellText(v))
    } catch (err) {
      throw toMysqlQueryError(err)
    }
  }

  async queryColumn(sql: string, params: readonly string[] = []): Promise<string[]> {
    const live = await this.#connection()
    try {
      const rows = await sqlRunner(live.conn)(sql, params)
      return rows.map((r) => cellText(r[0])).filter((v): v is string => v !== null)
    } catch (err) {
      throw toMysqlQueryError(err)
    }
  }

  classifyError(err: unknown): RetryClass {
    return classifyMysqlError(err)
  }

  /** Drops a connection whose statement is still streaming and kills that statement server-side. */
  async #abandon(live: Live): Promise<void> {
    if (this.#live === live) this.#live = undefined
    if (this.#inflight === live) this.#inflight = undefined
    const id = live.conn.threadId
    live.conn.destroy()
    // mysql2's destroy() only half-closes (FIN) and leaves the socket paused and open, so the
    // server thread blocks writing the rest of the result until net_write_timeout (60 s),
    // KILL QUERY or not, and holds the table's metadata lock all that time: DDL on the table
    // waits, and everything queued behind that DDL too. Closing the socket with unread data
    // resets the connection, which ends the server's write at once.
    socketOf(live.conn)?.destroy()
    await killThread(this.#options, id, this.#log)
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    const live = this.#live
    this.#live = undefined
    if (live === undefined) return
    // A stream nobody finished still holds the connection: end its statement instead.
    if (this.#inflight === live) {
      await this.#abandon(live)
      return
    }
    try {
      await restoreSession(sqlRunner(live.conn), live.session)
    } catch (err) {
      this.#log.debug({ err: String(err) }, 'session restore before close did not complete')
    }
    await new Promise<void>((resolve) => {
      live.conn.end(() => {
        resolve()
      })
    })
  }
}

async function openLive(options: ConnectionOptions, log: Logger): Promise<Live> {
  const conn = mysql.createConnection(options)
  // An idle-connection error (server restart) must not crash the process; the next query reports it.
  conn.on('error', (err: Error) => {
    log.warn({ err: err.message }, 'source connection error')
  })
  try {
    await new Promise<void>((resolve, reject) => {
      conn.connect((err) => {
        if (err === null) resolve()
        else reject(err)
      })
    })
  } catch (err) {
    conn.destroy()
    throw connectError(err)
  }
  try {
    return { conn, session: await applySessionGuard(sqlRunner(conn)), timeoutS: 0 }
  } catch (err) {
    conn.destroy()
    throw toMysqlQueryError(err)
  }
}

/** The TCP (or TLS) socket under a mysql2 connection, when it has one. */
function socketOf(conn: Connection): { destroy(): void } | undefined {
  const stream: unknown = Reflect.get(conn, 'stream')
  return typeof stream === 'object' && stream !== null && typeof Reflect.get(stream, 'destroy') === 'function' ? (stream as { destroy(): void }) : undefined
}

/** Best effort: a short side connection ends the statement if the server has not noticed the drop yet. */
async function killThread(options: ConnectionOptions, id: number, log: Logger): Promise<void> {
  const side = mysql.createConnection({ ...options, connectTimeout: 5_000 })
  side.on('error', (err: Error) => {
    log.debug({ err: err.message }, 'kill connection error')
  })
  await new Promise<void>((resolve) => {
    side.query(`KILL QUERY ${String(id)}`, (err) => {
      // 1094 (unknown thread) means the server already ended it: the goal is met.
      if (err !== null && errnoOf(err) !== 1094) log.debug({ err: err.message }, 'KILL QUERY after an abandoned stream failed')
      side.destroy()
      resolve()
    })
  })
}

function connectError(err: unknown): RivetError {
  const code = (err as { code?: unknown } | null)?.code
  const msg = err instanceof Error ? err.message : String(err)
  const errno = errnoOf(err)
  if (isUnreachableCode(code) || code === 'ETIMEDOUT') {
    return new RivetError('RIVET_SOURCE_UNREACHABLE', `cannot reach the source: ${msg}`, {
      cause: err,
      retry: { kind: 'transient', reconnect: true, extraDelayMs: 0 },
      hint: 'check host/port and that the server is running; `rivet doctor -c <config>` verifies connectivity and credentials',
    })
  }
  if (errno === 1045 || errno === 1044 || errno === 1049 || errno === 1698) {
    return new RivetError('RIVET_SOURCE_AUTH', `source: authentication or database selection failed: ${msg}`, {
      cause: err,
      hint: 'check the user, password (`password_env`/`url_env`) and database name',
    })
  }
  return new RivetError('RIVET_SOURCE_CONNECT', `source: cannot connect: ${msg}`, { cause: err, retry: classifyMysqlError(err) })
}
