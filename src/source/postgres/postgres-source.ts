import pg from 'pg'
import { RivetError, type RetryClass } from '../../errors/index.js'
import { logger, type Logger } from '../../log/index.js'
import type { ResolvedSource } from '../../plan/run-plan.js'
import { isUnreachableCode } from '../classify-message.js'
import type { BatchStream, ExportRequest, Source } from '../source.js'
import { enforceTlsPosture } from '../tls.js'
import { classifyPgError, sqlStateOf, toQueryError } from './classify-error.js'
import { pgClientConfig } from './connect-options.js'
import { openCursorStream } from './cursor-reader.js'

const CONNECT_TIMEOUT_MS = 15_000

/**
 * PostgreSQL source (D03, D04, Q01): one connection, one export in flight. Statements are
 * read-only: BEGIN READ ONLY, SET LOCAL, SHOW, DECLARE/FETCH/CLOSE, catalog SELECTs.
 */
export class PostgresSource implements Source {
  readonly engine = 'postgres'
  readonly #client: pg.Client
  readonly #log: Logger
  #closed = false

  private constructor(client: pg.Client, log: Logger) {
    this.#client = client
    this.#log = log
  }

  static async connect(source: ResolvedSource): Promise<PostgresSource> {
    enforceTlsPosture(source)
    const log = logger('rivet::source::postgres')
    const client = new pg.Client(pgClientConfig(source, { connectTimeoutMs: CONNECT_TIMEOUT_MS, applicationName: 'rivet' }))
    // An idle-connection error (server restart) must not crash the process; the next query reports it.
    client.on('error', (err) => {
      log.warn({ err: err.message }, 'source connection error')
    })
    try {
      await client.connect()
    } catch (err) {
      await client.end().catch(() => undefined) // the socket never opened; nothing to close cleanly
      throw connectError(err)
    }
    await warnOnTransactionPooler(client, log)
    return new PostgresSource(client, log)
  }

  async export(request: ExportRequest): Promise<BatchStream> {
    try {
      return await openCursorStream(this.#client, request, this.#log)
    } catch (err) {
      throw toQueryError(err)
    }
  }

  async queryScalar(sql: string, params: readonly string[] = []): Promise<string | null> {
    try {
      // Raw text for every type: exact for numeric/int8, and no driver-side Date conversion.
      const res = await this.#client.query<(string | null)[]>({ text: sql, values: [...params], rowMode: 'array', types: { getTypeParser: () => (value: string) => value } })
      return res.rows[0]?.[0] ?? null
    } catch (err) {
      throw toQueryError(err)
    }
  }

  async queryRow(sql: string, params: readonly string[] = []): Promise<(string | null)[] | undefined> {
    try {
      const res = await this.#client.query<(string | null)[]>({ text: sql, values: [...params], rowMode: 'array', types: { getTypeParser: () => (value: string) => value } })
      return res.rows[0]
    } catch (err) {
      throw toQueryError(err)
    }
  }

  async queryColumn(sql: string, params: readonly string[] = []): Promise<string[]> {
    try {
      const res = await this.#client.query<(string | null)[]>({ text: sql, values: [...params], rowMode: 'array', types: { getTypeParser: () => (value: string) => value } })
      return res.rows.map((r) => r[0] ?? null).filter((v): v is string => v !== null)
    } catch (err) {
      throw toQueryError(err)
    }
  }

  classifyError(err: unknown): RetryClass {
    return classifyPgError(err)
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#client.end()
  }
}

function connectError(err: unknown): RivetError {
  const code = (err as { code?: unknown } | null)?.code
  const msg = err instanceof Error ? err.message : String(err)
  if (isUnreachableCode(code) || /timeout expired|connection timeout/i.test(msg)) {
    return new RivetError('RIVET_SOURCE_UNREACHABLE', `cannot reach the source: ${msg}`, {
      cause: err,
      retry: { kind: 'transient', reconnect: true, extraDelayMs: 0 },
      hint: 'check host/port and that the server is running; `rivet doctor -c <config>` verifies connectivity and credentials',
    })
  }
  const sqlstate = sqlStateOf(err)
  if (sqlstate?.startsWith('28') === true || sqlstate === '3D000') {
    return new RivetError('RIVET_SOURCE_AUTH', `source: authentication or database selection failed: ${msg}`, {
      cause: err,
      hint: 'check the user, password (`password_env`/`url_env`) and database name',
    })
  }
  return new RivetError('RIVET_SOURCE_CONNECT', `source: cannot connect: ${msg}`, { cause: err, retry: classifyPgError(err) })
}


/**
 * D22: a transaction-mode pooler (PgBouncer `pool_mode=transaction`) may hand consecutive
 * statements to different server sessions; DECLARE CURSOR needs one session. Two
 * statements answering different backend PIDs reveal it. Advisory only.
 */
async function warnOnTransactionPooler(client: pg.Client, log: Logger): Promise<void> {
  const pid = async (): Promise<unknown> => (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid
  const [a, b] = [await pid(), await pid()]
  if (a !== b) {
    log.warn(`source: backend PID changed between two statements (${String(a)} → ${String(b)}): a transaction-mode connection pooler is in the path; server-side cursors need session affinity — connect to the database directly or use a session-mode pool`)
  }
}
