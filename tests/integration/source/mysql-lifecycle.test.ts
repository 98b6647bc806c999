import type { RecordBatch } from 'apache-arrow'
import mysql from 'mysql2'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { dialectFor } from '../../../src/source/dialect.js'
import { mysqlConnectOptions } from '../../../src/source/mysql/connect-options.js'
import { MysqlSource } from '../../../src/source/mysql/mysql-source.js'
import { sqlRunner } from '../../../src/source/mysql/run-query.js'
import { openMysqlStream } from '../../../src/source/mysql/stream-reader.js'
import { rowFrames } from '../../../src/source/mysql/wire/row-frames.js'
import { applySessionGuard, restoreSession } from '../../../src/source/mysql/session.js'
import { incrementalQuery } from '../../../src/source/query.js'
import { uniqueName } from '../../helpers/unique-name.js'
import { tableValues } from '../../unit/source/mysql/arrow-values.js'
import { mysqlExec, request, urlSource } from './mysql-helpers.js'

const url = inject('mysqlUrl')
const big = uniqueName('mybig')
const empty = uniqueName('myempty')
const quoted = uniqueName('myquote')
const wide = uniqueName('mywide')

async function drain(stream: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = []
  for await (const b of stream) out.push(b)
  return out
}

async function threadAlive(id: number): Promise<boolean> {
  const rows = await mysqlExec<{ n: string | number }>(url as string, 'SELECT COUNT(*) AS n FROM information_schema.processlist WHERE id = ?', [id])
  return Number(rows[0]?.n) > 0
}

describe.skipIf(url === null)('MySQL source: streaming lifecycle on MariaDB', () => {
  let source: MysqlSource
  beforeAll(async () => {
    await mysqlExec(url as string, `
      CREATE TABLE ${big} (id BIGINT PRIMARY KEY, label VARCHAR(40));
      INSERT INTO ${big} SELECT seq, CONCAT('row-', seq) FROM seq_1_to_60000;
      CREATE TABLE ${empty} (id INT, amount DECIMAL(12,3), at DATETIME(6));
      CREATE TABLE ${quoted} (\`we\`\`ird\` INT, \`"dq"\` VARCHAR(5), \`[br]\` VARCHAR(5), \`sp ace\` VARCHAR(5), \`x'); DROP TABLE t; --\` INT, \`what?\` INT);
      INSERT INTO ${quoted} VALUES (1, 'a', 'b', 'c', 10, 1), (2, 'd', 'e', 'f', 20, 2), (3, 'g', 'h', 'i', 30, 3);
      CREATE TABLE ${wide} (id INT PRIMARY KEY, payload MEDIUMTEXT);
      INSERT INTO ${wide} SELECT seq, REPEAT('x', 100000) FROM seq_1_to_400;`)
    source = await MysqlSource.connect(urlSource(url as string))
  })
  afterAll(async () => {
    await source.close()
    await mysqlExec(url as string, `DROP TABLE IF EXISTS ${big}, ${empty}, ${quoted}, ${wide}`)
  })

  it('streams in row-count batches: the 500-row probe, then the byte-capped size, never above batch_size', async () => {
    const stream = await source.export(request(`SELECT * FROM ${big} ORDER BY id`, { tuning: { batchSize: 7000 } }))
    const batches = await drain(stream)
    expect(batches.map((b) => b.numRows).slice(0, 3)).toEqual([500, 7000, 7000])
    expect(batches.reduce((n, b) => n + b.numRows, 0)).toBe(60000)
    expect(stream.stats.rows).toBe(60000)
    const ids = tableValues(batches).id as string[]
    expect(ids[0]).toBe('1')
    expect(ids[59999]).toBe('60000')
  })

  it('backpressure: the connection is paused at every full batch and the slow consumer bounds read-ahead', async () => {
    const conn = mysql.createConnection(mysqlConnectOptions(urlSource(url as string), { connectTimeoutMs: 5000 }))
    try {
      const pause = vi.spyOn(conn, 'pause')
      const stream = await openMysqlStream(conn, request(`SELECT * FROM ${big} ORDER BY id`, { tuning: { batchSize: 2000 } }), {
        abandon: () => Promise.resolve(),
        settled: () => undefined,
      })
      let consumed = 0
      let batches = 0
      for await (const b of stream) {
        batches++
        consumed += b.numRows
        await new Promise((r) => setTimeout(r, 20))
        // While the consumer sleeps nothing beyond the next batch is decoded.
        expect(stream.stats.rows - consumed).toBeLessThanOrEqual(2000)
      }
      expect(consumed).toBe(60000)
      expect(pause.mock.calls.length).toBeGreaterThanOrEqual(batches - 1)
    } finally {
      conn.destroy()
    }
  })

  it('knows the schema of an empty result before any row (0 rows, 0 batches)', async () => {
    const stream = await source.export(request(`SELECT * FROM ${empty}`))
    expect(stream.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(['id:Int32', 'amount:Decimal[12e+3]', 'at:Timestamp<MICROSECOND>'])
    const batches = await drain(stream)
    expect(batches.reduce((n, b) => n + b.numRows, 0)).toBe(0)
  })

  it('incremental: the cursor is a bound `?` parameter', async () => {
    const q = incrementalQuery(dialectFor('mysql'), `SELECT * FROM ${big}`, { primaryColumn: 'id', fallbackColumn: undefined, mode: 'single_column' }, '59997')
    expect(q.params).toEqual(['59997'])
    expect(q.sql).toContain('> ?')
    const values = tableValues(await drain(await source.export(request(q.sql, { params: [...q.params] }))))
    expect(values.id).toEqual(['59998', '59999', '60000'])
  })

  it('a break mid-stream leaves no running statement and the source reconnects', async () => {
    const before = source.threadId as number
    const stream = await source.export(request(`SELECT a.id, b.label FROM ${big} a JOIN ${big} b ON b.id = a.id ORDER BY a.id`, { tuning: { batchSize: 1000 } }))
    let seen = 0
    for await (const b of stream) {
      seen += b.numRows
      break
    }
    expect(seen).toBe(500)
    let alive = true
    for (let i = 0; i < 50 && alive; i++) {
      alive = await threadAlive(before)
      if (alive) await new Promise((r) => setTimeout(r, 100))
    }
    expect(alive).toBe(false)
    expect(await source.queryScalar('SELECT @@session.time_zone')).toBe('+00:00')
    expect(source.threadId).not.toBe(before)
  })

  it('a break with megabytes of the result still unread frees the server thread and its table lock at once', async () => {
    // 40 MB of rows: far more than the socket buffers hold, so the server is still writing when
    // the reader stops. A half-closed socket would leave it blocked in "Writing to net" until
    // net_write_timeout (60 s), holding the table's metadata lock against any DDL.
    for (const params of [[], ['0']]) {
      const before = source.threadId as number
      const where = params.length > 0 ? 'WHERE id > ?' : ''
      const stream = await source.export(request(`SELECT id, payload FROM ${wide} ${where} ORDER BY id`, { params, tuning: { batchSize: 20 } }))
      for await (const b of stream) {
        expect(b.numRows).toBeGreaterThan(0)
        break
      }
      let alive = true
      for (let i = 0; i < 30 && alive; i++) {
        alive = await threadAlive(before)
        if (alive) await new Promise((r) => setTimeout(r, 100))
      }
      expect(alive).toBe(false)
      const started = Date.now()
      await mysqlExec(url as string, `SET SESSION lock_wait_timeout = 10; ALTER TABLE ${wide} COMMENT = 'free'`)
      expect(Date.now() - started).toBeLessThan(5_000)
    }
  })

  it('close() with a stream nobody read ends the statement instead of hanging', async () => {
    const other = await MysqlSource.connect(urlSource(url as string))
    const id = other.threadId as number
    await other.export(request(`SELECT a.id FROM ${big} a JOIN ${big} b ON b.id = a.id`))
    await other.close()
    let alive = true
    for (let i = 0; i < 50 && alive; i++) {
      alive = await threadAlive(id)
      if (alive) await new Promise((r) => setTimeout(r, 100))
    }
    expect(alive).toBe(false)
  })

  it('an abort signal stops the stream with RIVET_INTERRUPTED', async () => {
    const ac = new AbortController()
    const stream = await source.export({ ...request(`SELECT * FROM ${big}`, { tuning: { batchSize: 1000 } }), signal: ac.signal })
    const err = await (async () => {
      for await (const _ of stream) ac.abort('SIGINT')
    })().catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'RIVET_INTERRUPTED' })
    expect(await source.queryScalar('SELECT 3')).toBe('3')
  })

  it('a procedure returning two result sets fails instead of mixing schemas', async () => {
    const proc = uniqueName('myproc')
    await mysqlExec(url as string, `CREATE PROCEDURE ${proc}() BEGIN SELECT 1 AS a; SELECT 'x' AS b; END`)
    try {
      const err = await source.export(request(`CALL ${proc}()`)).then(drain).catch((e: unknown) => e)
      expect(err).toMatchObject({ code: 'RIVET_SOURCE_QUERY' })
      expect((err as Error).message).toContain('more than one result set')
      expect(await source.queryScalar('SELECT 4')).toBe('4')
    } finally {
      await mysqlExec(url as string, `DROP PROCEDURE IF EXISTS ${proc}`)
    }
  })

  it('a second statement while a stream is open is refused, not queued behind it', async () => {
    const stream = await source.export(request(`SELECT * FROM ${big}`, { tuning: { batchSize: 1000 } }))
    await expect(source.queryScalar('SELECT 1')).rejects.toMatchObject({ code: 'RIVET_INTERNAL' })
    await drain(stream)
    expect(await source.queryScalar('SELECT 5')).toBe('5')
  })

  it('quoted identifiers (backtick, quotes, brackets, spaces, SQL text) round-trip without breaking out', async () => {
    const d = dialectFor('mysql')
    const base = `SELECT * FROM ${d.quoteIdent(quoted)}`
    const q = incrementalQuery(d, base, { primaryColumn: 'we`ird', fallbackColumn: undefined, mode: 'single_column' }, '1')
    const stream = await source.export(request(q.sql, { params: [...q.params] }))
    expect(stream.schema.fields.map((f) => f.name)).toEqual(['we`ird', '"dq"', '[br]', 'sp ace', "x'); DROP TABLE t; --", 'what?'])
    const values = tableValues(await drain(stream))
    expect(values['we`ird']).toEqual([2, 3])
    expect(values['sp ace']).toEqual(['f', 'i'])
    const coalesce = incrementalQuery(d, base, { primaryColumn: "x'); DROP TABLE t; --", fallbackColumn: 'we`ird', mode: 'coalesce' }, '10')
    const c = tableValues(await drain(await source.export(request(coalesce.sql, { params: [...coalesce.params] }))))
    expect(c["x'); DROP TABLE t; --"]).toEqual([20, 30])
    // A `?` inside an identifier is not a placeholder: only the real one is bound.
    const qm = incrementalQuery(d, base, { primaryColumn: 'what?', fallbackColumn: undefined, mode: 'single_column' }, '2')
    const w = tableValues(await drain(await source.export(request(qm.sql, { params: [...qm.params] }))))
    expect(w['what?']).toEqual([3])
    expect(await source.queryScalar(`SELECT COUNT(*) FROM ${d.quoteIdent(quoted)} WHERE \`what?\` >= ?`, ['2'])).toBe('2')
  })

  it('statement timeout: MariaDB max_statement_time stops the statement with a permanent RIVET_SOURCE_TIMEOUT', async () => {
    const err = await source
      .export(request('SELECT COUNT(*) FROM seq_1_to_1000000000 a WHERE a.seq % 7 = 3', { tuning: { statementTimeoutS: 1 } }))
      .then(drain)
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'RIVET_SOURCE_TIMEOUT', retry: { kind: 'permanent' } })
    expect(source.classifyError(err)).toEqual({ kind: 'permanent' })
    // The next export without a timeout puts the session's own value back.
    await drain(await source.export(request('SELECT 1')))
    expect(await source.queryScalar('SELECT @@session.max_statement_time')).toBe('0')
  })

  it('the session guard is read first and restored exactly', async () => {
    const conn = mysql.createConnection(mysqlConnectOptions(urlSource(url as string), { connectTimeoutMs: 5000 }))
    const run = sqlRunner(conn)
    try {
      await run("SET time_zone = '-03:00'")
      await run('SET SESSION max_statement_time = 42')
      const snapshot = await applySessionGuard(run)
      expect(snapshot).toMatchObject({ flavor: 'mariadb', timeZone: '-03:00' })
      expect(Number(snapshot.previousTimeout)).toBe(42)
      expect((await run('SELECT @@session.time_zone'))[0]?.[0]).toBe('+00:00')
      await run('SET SESSION max_statement_time = 5')
      await restoreSession(run, snapshot)
      const [row] = await run('SELECT @@session.time_zone, @@session.max_statement_time')
      expect(row?.[0]).toBe('-03:00')
      expect(Number(row?.[1])).toBe(42)
    } finally {
      conn.destroy()
    }
  })
})

describe('MySQL source: connection failures', () => {
  it('an unreachable port fails fast with RIVET_SOURCE_UNREACHABLE and the doctor hint', async () => {
    const err = await MysqlSource.connect(urlSource('mysql://root@127.0.0.1:1/rivet_test')).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'RIVET_SOURCE_UNREACHABLE', retry: { kind: 'transient', reconnect: true } })
    expect((err as { hint?: string }).hint).toContain('rivet doctor')
  })

  it.skipIf(url === null)('bad credentials are RIVET_SOURCE_AUTH (permanent)', async () => {
    const bad = new URL(url as string)
    bad.username = 'rivet_no_such_user'
    bad.password = 'wrong'
    const err = await MysqlSource.connect(urlSource(bad.toString())).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'RIVET_SOURCE_AUTH', retry: { kind: 'permanent' } })
  })

  it('a remote host without a tls: block is refused before dialing', async () => {
    const err = await MysqlSource.connect(urlSource('mysql://u:p@db.example.invalid/x')).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'RIVET_SOURCE_TLS_REQUIRED' })
  })
})

describe.skipIf(url === null)('MySQL row framing fits the installed mysql2', () => {
  it('rowFrames accepts a real connection and query (else rows silently take the slower driver dispatch)', async () => {
    const conn = mysql.createConnection(mysqlConnectOptions(urlSource(url as string), { connectTimeoutMs: 5000 }))
    try {
      const query = conn.query({ sql: 'SELECT 1', rowsAsArray: true })
      const frames = rowFrames(conn, query, () => undefined)
      expect(frames).toBeDefined()
      frames?.release()
      await new Promise<void>((resolve, reject) => {
        query.on('end', () => { resolve(); }).on('error', reject)
      })
    } finally {
      conn.destroy()
    }
  })
})
