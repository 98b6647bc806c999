import { describe, expect, it } from 'vitest'
import type { Logger } from '../../../../src/log/index.js'
import { describeStatement, parseDescribed, planExactNumerics, type NamedRowsRunner } from '../../../../src/source/mssql/describe.js'

/** A row as tedious hands `sp_describe_first_result_set` over (bit → boolean, tinyint → number). */
function row(ordinal: number, name: string | null, systemTypeId: number, systemTypeName: string, precision: number, scale: number, hidden = false): Record<string, unknown> {
  return {
    is_hidden: hidden, column_ordinal: ordinal, name, is_nullable: true, system_type_id: systemTypeId, system_type_name: systemTypeName,
    max_length: 17, precision, scale, collation_name: null, user_type_id: null,
  }
}

function fakeLog(): { log: Logger; debug: string[] } {
  const debug: string[] = []
  return { log: { debug: (_o: unknown, m: string) => debug.push(m) } as unknown as Logger, debug }
}

describe('describeStatement', () => {
  it('binds the statement text; declares the cursor parameters of a bound statement', () => {
    expect(describeStatement('SELECT 1 AS x', [])).toEqual({ sql: 'EXEC sp_describe_first_result_set @tsql = @p0', params: ['SELECT 1 AS x'] })
    expect(describeStatement('SELECT * FROM t WHERE k > @p0', ['5'])).toEqual({
      sql: 'EXEC sp_describe_first_result_set @tsql = @p0, @params = @p1',
      params: ['SELECT * FROM t WHERE k > @p0', '@p0 nvarchar(max)'],
    })
  })
})

describe('parseDescribed', () => {
  it('orders by column_ordinal and drops hidden browse columns', () => {
    const rows = [row(2, 'amount', 106, 'decimal(38,10)', 38, 10), row(3, 'pk', 56, 'int', 10, 0, true), row(1, null, 60, 'money', 19, 4)]
    expect(parseDescribed(rows)).toEqual([
      { name: null, systemTypeId: 60, precision: 19, scale: 4 },
      { name: 'amount', systemTypeId: 106, precision: 38, scale: 10 },
    ])
  })
})

describe('planExactNumerics', () => {
  it('describes the streamed statement once and rewrites it', async () => {
    const calls: [string, readonly string[]][] = []
    const run: NamedRowsRunner = (sql, params) => {
      calls.push([sql, params])
      return Promise.resolve([row(1, 'id', 56, 'int', 10, 0), row(2, 'amount', 106, 'decimal(38,10)', 38, 10)])
    }
    const plan = await planExactNumerics(run, 'SELECT * FROM [dbo].[t]', [], fakeLog().log)
    expect(calls).toEqual([['EXEC sp_describe_first_result_set @tsql = @p0', ['SELECT * FROM [dbo].[t]']]])
    expect(plan.sql).toBe('SELECT [id], CONVERT(varchar(48), [amount]) AS [_rivet_exact_1] FROM [dbo].[t]')
  })

  it('a user query is described through its derived-table wrapper', async () => {
    let described = ''
    const run: NamedRowsRunner = (sql, params) => {
      described = params[0] ?? sql
      return Promise.resolve([row(1, 'm', 60, 'money', 19, 4)])
    }
    const plan = await planExactNumerics(run, 'SELECT m FROM dbo.t', [], fakeLog().log)
    expect(described).toBe('SELECT * FROM (\nSELECT m FROM dbo.t\n) AS _rivet_q')
    expect(plan.sql).toBe('SELECT CONVERT(varchar(48), CONVERT(decimal(19,4), _rivet_q.[m])) AS [_rivet_exact_0] FROM (\nSELECT m FROM dbo.t\n) AS _rivet_q')
  })

  it('fallback: a statement the server cannot describe streams unchanged, with the reason kept for the WARN', async () => {
    const { log, debug } = fakeLog()
    const run: NamedRowsRunner = () => Promise.reject(Object.assign(new Error("Invalid object name '#tmp'."), { number: 208 }))
    const plan = await planExactNumerics(run, 'SELECT * FROM #tmp', [], log)
    expect(plan).toEqual({ sql: 'SELECT * FROM #tmp', textColumns: new Map(), width: 0, fallback: "the result could not be described (Invalid object name '#tmp'.)" })
    expect(debug).toHaveLength(1)
  })
})
