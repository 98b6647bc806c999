import type { RecordBatch } from 'apache-arrow'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { ColumnOverrides, ResolvedSource, SourceTuning } from '../../../src/plan/run-plan.js'
import { dialectFor } from '../../../src/source/dialect.js'
import { MssqlSource } from '../../../src/source/mssql/mssql-source.js'
import { incrementalQuery, keysetPageQuery } from '../../../src/source/query.js'
import type { ExportRequest } from '../../../src/source/source.js'
import { uniqueName } from '../../helpers/unique-name.js'
import { tableValues } from '../../unit/source/mysql/arrow-values.js'
import { TUNING } from './mysql-helpers.js'

const url = inject('mssqlUrl')

const source = (u: string): ResolvedSource => ({ engine: 'mssql', connection: { kind: 'url', url: u, origin: { kind: 'inline' } }, tls: undefined, environment: undefined })
const request = (sql: string, tuning: Partial<SourceTuning> = {}, overrides: ColumnOverrides = new Map()): ExportRequest => ({
  sql, params: [], catalogTable: undefined, tuning: { ...TUNING, ...tuning }, columnOverrides: overrides,
})

async function drain(stream: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = []
  for await (const b of stream) out.push(b)
  return out
}

describe('SQL Server source: connection failures (no server needed)', () => {
  it('an unreachable port fails fast with RIVET_SOURCE_UNREACHABLE and the doctor hint', async () => {
    const err = await MssqlSource.connect(source('sqlserver://sa:x@127.0.0.1:1/master')).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'RIVET_SOURCE_UNREACHABLE' })
    expect((err as { hint?: string }).hint).toContain('rivet doctor')
  })
})

describe.skipIf(!url)('SQL Server source: live (RIVET_TEST_MSSQL_URL)', () => {
  const table = uniqueName('mstypes')
  let src: MssqlSource
  beforeAll(async () => {
    src = await MssqlSource.connect(source(url as string))
    await src.queryScalar(`CREATE TABLE ${table} (
      id int PRIMARY KEY, b bit, t tinyint, s smallint, i int, bi bigint, r real, f float, m money, sm smallmoney, d decimal(15,2),
      g uniqueidentifier, vc varchar(20), nv nvarchar(20), vb varbinary(8), dt date, tm time(7), dtt datetime, dt2 datetime2(7),
      sdt smalldatetime, dto datetimeoffset(7), [we]]ird] int, [sp ace] nvarchar(5)
    );
    INSERT INTO ${table} VALUES
      (1, 1, 255, -32768, -2147483648, -9223372036854775808, 1.5, 0.1, 922337203.5807, -214748.3648, 9999999999999.99,
       '00112233-4455-6677-8899-AABBCCDDEEFF', 'héllo', N'🦀', 0x00FF, '2024-02-29', '23:59:59.9999999', '2024-02-29 12:00:00.997',
       '2024-02-29 12:00:00.1234567', '2024-02-29 12:00:00', '2024-06-01 12:00:00.1234567 +02:00', 10, N'a'),
      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 20, N'b');
    SELECT 1`)
  })
  afterAll(async () => {
    await src.queryScalar(`DROP TABLE IF EXISTS ${table}; SELECT 1`)
    await src.close()
  })

  it('maps and decodes the Q03 types exactly', async () => {
    const stream = await src.export(request(`SELECT * FROM ${table} ORDER BY id`))
    const types = Object.fromEntries(stream.schema.fields.map((f) => [f.name, String(f.type)]))
    expect(types).toMatchObject({ b: 'Bool', t: 'Int16', s: 'Int16', i: 'Int32', bi: 'Int64', r: 'Float32', f: 'Float64', m: 'Decimal[19e+4]', g: 'FixedSizeBinary[16]', dto: 'Timestamp<MICROSECOND, UTC>' })
    const v = tableValues(await drain(stream))
    expect(v.bi).toEqual(['-9223372036854775808', null])
    expect(v.m).toEqual(['922337203.5807', null])
    expect(v.sm).toEqual(['-214748.3648', null])
    expect(v.d).toEqual(['9999999999999.99', null])
    expect(v.g).toEqual(['00112233445566778899aabbccddeeff', null])
    expect(v.nv).toEqual(['🦀', null])
    expect(v.tm).toEqual(['86399999999', null])
    expect(v.dt2).toEqual([String(BigInt(Date.UTC(2024, 1, 29, 12)) * 1000n + 123456n), null])
    expect(v.dto).toEqual([String(BigInt(Date.UTC(2024, 5, 1, 10)) * 1000n + 123456n), null])
  })

  it('incremental with an N-literal cursor over quoted identifiers', async () => {
    const d = dialectFor('mssql')
    const q = incrementalQuery(d, `SELECT * FROM ${table}`, { primaryColumn: 'we]ird', fallbackColumn: undefined, mode: 'single_column' }, '10')
    const v = tableValues(await drain(await src.export(request(q.sql))))
    expect(v['we]ird']).toEqual([20])
    expect(v['sp ace']).toEqual(['b'])
  })

  it('wide DECIMAL/NUMERIC and MONEY round-trip exactly: table, user query, incremental and keyset shapes; undescribable falls back lossy', async () => {
    const wide = uniqueName('mswide')
    await src.queryScalar(`CREATE TABLE ${wide} (
      k numeric(20,0) PRIMARY KEY, d decimal(38,10), n numeric(38,0), m money, sm smallmoney, [a]]b c] decimal(28,4)
    );
    INSERT INTO ${wide} VALUES
      (9, 9999999999999999999999999999.9999999999, 99999999999999999999999999999999999999, 922337203685477.5807, 214748.3647, 123456789012345678901234.5678),
      (10, -9999999999999999999999999999.9999999999, -99999999999999999999999999999999999999, -922337203685477.5808, -214748.3648, -0.0001),
      (12345678901234567890, 0.0000000001, 0, 0.0001, 0, NULL),
      (99999999999999999999, -1234567890123456789.0123456789, 12345678901234567890123456789012345678, 225000000000.0001, NULL, 0);
    SELECT 1`)
    try {
      const d = dialectFor('mssql')
      const base = `SELECT * FROM ${wide}`
      const stream = await src.export(request(`${base} ORDER BY k`))
      const meta = Object.fromEntries(stream.schema.fields.map((f) => [f.name, [String(f.type), f.metadata.get('rivet.native_type'), f.metadata.get('rivet.fidelity')]]))
      expect(meta).toEqual({
        k: ['Decimal[20e0]', 'numeric(20,0)', 'exact'],
        d: ['Decimal[38e+10]', 'decimal(38,10)', 'exact'],
        n: ['Decimal[38e0]', 'numeric(38,0)', 'exact'],
        m: ['Decimal[19e+4]', 'money', 'exact'],
        sm: ['Decimal[10e+4]', 'smallmoney', 'exact'],
        'a]b c': ['Decimal[28e+4]', 'decimal(28,4)', 'exact'],
      })
      const v = tableValues(await drain(stream))
      expect(v.k).toEqual(['9', '10', '12345678901234567890', '99999999999999999999'])
      expect(v.d).toEqual(['9999999999999999999999999999.9999999999', '-9999999999999999999999999999.9999999999', '0.0000000001', '-1234567890123456789.0123456789'])
      expect(v.n).toEqual(['99999999999999999999999999999999999999', '-99999999999999999999999999999999999999', '0', '12345678901234567890123456789012345678'])
      expect(v.m).toEqual(['922337203685477.5807', '-922337203685477.5808', '0.0001', '225000000000.0001'])
      expect(v.sm).toEqual(['214748.3647', '-214748.3648', '0.0000', null])
      expect(v['a]b c']).toEqual(['123456789012345678901234.5678', '-0.0001', null, '0.0000'])

      // A user query (wrapped as a derived table), with an alias needing quotes.
      const q = tableValues(await drain(await src.export(request(`SELECT k, m AS [to]]tal] FROM ${wide} WHERE k > 9;`))))
      expect(q['to]tal']?.slice().sort()).toEqual(['-922337203685477.5808', '0.0001', '225000000000.0001'])

      // Incremental and keyset on the wide key: order and predicate stay numeric, not textual.
      const inc = incrementalQuery(d, base, { primaryColumn: 'k', fallbackColumn: undefined, mode: 'single_column' }, '10')
      expect(tableValues(await drain(await src.export(request(inc.sql)))).k).toEqual(['12345678901234567890', '99999999999999999999'])
      const page = keysetPageQuery(d, base, 'k', undefined, 2)
      expect(tableValues(await drain(await src.export(request(page.sql)))).k).toEqual(['9', '10'])
      const next = keysetPageQuery(d, base, 'k', '10', 2)
      expect(tableValues(await drain(await src.export(request(next.sql)))).m).toEqual(['0.0001', '225000000000.0001'])

      // Dynamic SQL cannot be described: the statement runs unchanged and the column is marked lossy.
      const dyn = await src.export(request(`EXEC('SELECT d FROM ${wide} WHERE k = 12345678901234567890')`))
      expect(dyn.schema.fields[0]?.metadata.get('rivet.fidelity')).toBe('lossy')
      expect(tableValues(await drain(dyn)).d).toEqual(['0.0000000001'])
    } finally {
      await src.queryScalar(`DROP TABLE IF EXISTS ${wide}; SELECT 1`)
    }
  })

  it('SET LOCK_TIMEOUT applies to the session for the export', async () => {
    await drain(await src.export(request('SELECT 1 AS x', { lockTimeoutS: 2 })))
    expect(await src.queryScalar('SELECT @@LOCK_TIMEOUT')).toBe('2000')
    await drain(await src.export(request('SELECT 1 AS x', { lockTimeoutS: 0 })))
    expect(await src.queryScalar('SELECT @@LOCK_TIMEOUT')).toBe('-1')
  })

  it('statement timeout is client-side and permanent', async () => {
    const err = await src.export(request("WAITFOR DELAY '00:00:05'; SELECT 1 AS x", { statementTimeoutS: 1 })).then(drain).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'RIVET_SOURCE_TIMEOUT', retry: { kind: 'permanent' } })
    expect(await src.queryScalar('SELECT 1')).toBe('1')
  })

  it('break cancels the statement: no request of this session keeps running', async () => {
    const stream = await src.export(request('SELECT TOP 2000000 a.object_id FROM sys.all_objects a CROSS JOIN sys.all_objects b', { batchSize: 1000 }))
    for await (const b of stream) {
      expect(b.numRows).toBe(500)
      break
    }
    // The cancel was acknowledged: the only request of this session is the probe itself.
    expect(await src.queryScalar('SELECT COUNT(*) FROM sys.dm_exec_requests WHERE session_id = @@SPID')).toBe('1')
  })
})
