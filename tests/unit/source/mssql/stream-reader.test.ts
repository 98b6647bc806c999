import { EventEmitter } from 'node:events'
import type { RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import type { SourceTuning } from '../../../../src/plan/run-plan.js'
import { dialectFor } from '../../../../src/source/dialect.js'
import { exactNumericPlan, passThrough } from '../../../../src/source/mssql/exact-numeric.js'
import { openMssqlStream, type MssqlExecutor, type MssqlStatement } from '../../../../src/source/mssql/stream-reader.js'
import type { ExportRequest } from '../../../../src/source/source.js'
import { tableValues } from '../mysql/arrow-values.js'

const TUNING: SourceTuning = {
  profile: 'balanced', batchSize: 10_000, batchSizeMemoryMb: undefined, throttleMs: 0, statementTimeoutS: 0, maxRetries: 0,
  retryBackoffMs: 0, lockTimeoutS: 0, memoryThresholdMb: 0, maxBatchMemoryMb: undefined, onBatchMemoryExceeded: 'warn',
  adaptive: false, minParallel: undefined, maxValueMb: 256,
}
const request = (tuning: Partial<SourceTuning> = {}): ExportRequest => ({ sql: 'SELECT', params: [], catalogTable: undefined, tuning: { ...TUNING, ...tuning }, columnOverrides: new Map() })

const COLUMNS = [
  { colName: 'id', type: { name: 'IntN' }, dataLength: 4 },
  { colName: 'amount', type: { name: 'MoneyN' }, dataLength: 8 },
  { colName: 'g', type: { name: 'UniqueIdentifier' } },
]

/**
 * A fake SQL Server statement: emits metadata, then rows while not paused, like tedious'
 * token parser. Records pause/resume/cancel so backpressure and cleanup can be asserted.
 */
class FakeServer implements MssqlExecutor {
  readonly stmt = new EventEmitter() as EventEmitter & MssqlStatement
  paused = false
  pauses = 0
  cancels = 0
  sent = 0
  maxBuffered = 0
  startedSql: string | undefined
  rowOf: (i: number) => { value: unknown }[] = (i) => [{ value: i }, { value: i + 0.5 }, { value: '00112233-4455-6677-8899-AABBCCDDEEFF' }]
  #done: ((err: unknown) => void) | undefined
  #ended = false

  constructor(readonly rows: number, readonly columns: unknown[] = COLUMNS, readonly ackCancel = true) {
    this.stmt.pause = () => {
      this.paused = true
      this.pauses++
    }
    this.stmt.resume = () => {
      this.paused = false
      setImmediate(() => {
        this.#pump()
      })
    }
  }

  start(sql: string, _params: readonly string[], done: (err: unknown) => void): MssqlStatement {
    this.startedSql = sql
    this.#done = done
    setImmediate(() => {
      this.stmt.emit('columnMetadata', this.columns)
      this.#pump()
    })
    return this.stmt
  }

  #pump(): void {
    while (!this.paused && !this.#ended && this.sent < this.rows) {
      const i = this.sent++
      this.stmt.emit('row', this.rowOf(i))
    }
    if (!this.#ended && this.sent === this.rows) this.#end(null)
  }

  #end(err: unknown): void {
    this.#ended = true
    setImmediate(() => this.#done?.(err))
  }

  cancel(): void {
    this.cancels++
    if (this.ackCancel && !this.#ended) this.#end(Object.assign(new Error('Canceled.'), { code: 'ECANCEL' }))
  }

  discard(): void {
    this.#ended = true
  }
}

describe('openMssqlStream', () => {
  it('knows the schema before any row and streams probe-then-capped batches with pause/resume', async () => {
    const server = new FakeServer(2600)
    const stream = await openMssqlStream(server, request({ batchSize: 1000 }))
    expect(stream.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(['id:Int32', 'amount:Decimal[19e+4]', 'g:FixedSizeBinary[16]'])
    const batches: RecordBatch[] = []
    let consumed = 0
    for await (const b of stream) {
      batches.push(b)
      consumed += b.numRows
      await new Promise((r) => setTimeout(r, 5)) // a slow consumer
      // The statement is paused whenever a batch is full: at most the next batch is read ahead.
      expect(server.sent - consumed).toBeLessThanOrEqual(1000)
    }
    expect(batches.map((b) => b.numRows)).toEqual([500, 1000, 1000, 100])
    expect(server.pauses).toBeGreaterThanOrEqual(3)
    const v = tableValues(batches)
    expect(v.amount?.[3]).toBe('3.5000')
    expect(v.g?.[0]).toBe('00112233445566778899aabbccddeeff')
    expect(stream.stats.rows).toBe(2600)
  })

  it('0 rows still yields the schema and no batch', async () => {
    const server = new FakeServer(0)
    const stream = await openMssqlStream(server, request())
    expect(stream.schema.fields).toHaveLength(3)
    const batches: RecordBatch[] = []
    for await (const b of stream) batches.push(b)
    expect(batches).toHaveLength(0)
  })

  it('break cancels the running statement on the server', async () => {
    const server = new FakeServer(100_000)
    const stream = await openMssqlStream(server, request({ batchSize: 1000 }))
    for await (const b of stream) {
      expect(b.numRows).toBe(500)
      break
    }
    expect(server.cancels).toBe(1)
    expect(server.sent).toBeLessThan(100_000)
  })

  it('statement duration past statement_timeout_s cancels and fails with a permanent RIVET_SOURCE_TIMEOUT', async () => {
    const server = new FakeServer(100_000)
    const stream = await openMssqlStream(server, request({ batchSize: 1000, statementTimeoutS: 0.05 }))
    let err: unknown
    try {
      for await (const _ of stream) await new Promise((r) => setTimeout(r, 30))
    } catch (e) {
      err = e
    }
    expect(err).toMatchObject({ code: 'RIVET_SOURCE_TIMEOUT', retry: { kind: 'permanent' } })
    expect((err as Error).message).toContain('statement timeout after')
    expect(server.cancels).toBeGreaterThanOrEqual(1)
  })

  it('an abort signal ends the stream with RIVET_INTERRUPTED and cancels the statement', async () => {
    const server = new FakeServer(100_000)
    const ac = new AbortController()
    const stream = await openMssqlStream(server, { ...request({ batchSize: 1000 }), signal: ac.signal })
    const err = await (async () => {
      for await (const _ of stream) ac.abort('SIGTERM')
    })().catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'RIVET_INTERRUPTED' })
    expect(server.cancels).toBe(1)
  })

  it('unsupported columns fail before any row, listing each, and cancel the statement', async () => {
    const server = new FakeServer(10, [...COLUMNS, { colName: 'x', type: { name: 'Xml' } }, { colName: 'v', type: { name: 'Variant' } }])
    const err = await openMssqlStream(server, request()).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'RIVET_TYPE_UNSUPPORTED', details: { columns: ['x', 'v'] } })
    expect(server.cancels).toBe(1)
  })
})

describe('openMssqlStream: wide numerics', () => {
  const BASE = 'SELECT * FROM [dbo].[ledger]'
  const fieldInfo = (f: { name: string; type: unknown; metadata: Map<string, string> }): string[] => [f.name, String(f.type), f.metadata.get('rivet.native_type') ?? '', f.metadata.get('rivet.fidelity') ?? '']

  it('streams the rewritten statement; text columns become the original exact decimals', async () => {
    const plan = exactNumericPlan(dialectFor('mssql'), BASE, [
      { name: 'id', systemTypeId: 56, precision: 10, scale: 0 },
      { name: 'amount', systemTypeId: 106, precision: 38, scale: 10 },
      { name: 'm', systemTypeId: 60, precision: 19, scale: 4 },
    ])
    const server = new FakeServer(2, [
      { colName: 'id', type: { name: 'IntN' }, dataLength: 4 },
      { colName: '_rivet_exact_1', type: { name: 'VarChar' }, dataLength: 48 },
      { colName: '_rivet_exact_2', type: { name: 'VarChar' }, dataLength: 48 },
    ])
    const rows = [
      [1, '9999999999999999999999999999.9999999999', '922337203685477.5807'],
      [2, '-9999999999999999999999999999.9999999999', '-922337203685477.5808'],
    ]
    server.rowOf = (i) => (rows[i] ?? []).map((value) => ({ value }))
    const lossy: string[][] = []
    const stream = await openMssqlStream(server, request(), { plan, onLossy: (c) => lossy.push([...c]) })
    expect(server.startedSql).toBe(plan.sql)
    expect(stream.schema.fields.map(fieldInfo)).toEqual([
      ['id', 'Int32', 'int', 'exact'],
      ['amount', 'Decimal[38e+10]', 'decimal(38,10)', 'exact'],
      ['m', 'Decimal[19e+4]', 'money', 'exact'],
    ])
    const batches: RecordBatch[] = []
    for await (const b of stream) batches.push(b)
    const v = tableValues(batches)
    expect(v.amount).toEqual(['9999999999999999999999999999.9999999999', '-9999999999999999999999999999.9999999999'])
    expect(v.m).toEqual(['922337203685477.5807', '-922337203685477.5808'])
    expect(lossy).toEqual([])
  })

  it('fallback: an undescribed statement streams unchanged, wide columns are marked lossy and reported once', async () => {
    const plan = passThrough(BASE, 'the result could not be described (boom)')
    const server = new FakeServer(1, [
      { colName: 'amount', type: { name: 'DecimalN' }, precision: 38, scale: 10, dataLength: 17 },
      { colName: 'm', type: { name: 'MoneyN' }, dataLength: 8 },
      { colName: 'd', type: { name: 'DecimalN' }, precision: 12, scale: 2, dataLength: 9 },
    ])
    server.rowOf = () => [{ value: 1.5 }, { value: 2.25 }, { value: 3.1 }]
    const reports: [string[], string][] = []
    const stream = await openMssqlStream(server, request(), { plan, onLossy: (c, why) => reports.push([[...c], why]) })
    expect(server.startedSql).toBe(BASE)
    expect(stream.schema.fields.map(fieldInfo)).toEqual([
      ['amount', 'Decimal[38e+10]', 'decimal(38,10)', 'lossy'],
      ['m', 'Decimal[19e+4]', 'money', 'lossy'],
      ['d', 'Decimal[12e+2]', 'decimal(12,2)', 'exact'],
    ])
    expect(reports).toEqual([[['amount', 'm'], 'the result could not be described (boom)']])
    const batches: RecordBatch[] = []
    for await (const b of stream) batches.push(b)
    expect(tableValues(batches).amount).toEqual(['1.5000000000'])
  })

  it('a result that drifted from its description fails before any row and cancels', async () => {
    const plan = exactNumericPlan(dialectFor('mssql'), BASE, [{ name: 'amount', systemTypeId: 106, precision: 38, scale: 10 }])
    const server = new FakeServer(10, [{ colName: 'amount', type: { name: 'DecimalN' }, precision: 38, scale: 10, dataLength: 17 }])
    const err = await openMssqlStream(server, request(), { plan }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'RIVET_SOURCE_QUERY', retry: { kind: 'transient' } })
    expect(server.cancels).toBe(1)
  })
})
