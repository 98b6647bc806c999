import { describe, expect, it } from 'vitest'
import { COALESCED_CURSOR_COLUMN } from '../../../../src/plan/run-plan.js'
import { dialectFor } from '../../../../src/source/dialect.js'
import { CHUNK_RN_COLUMN, chunkQuery } from '../../../../src/pipeline/chunked/chunk-query.js'
import { describeTarget, exactNumericPlan, restoreNumericColumns, type DescribedColumn } from '../../../../src/source/mssql/exact-numeric.js'
import { ordersByPosition, topLevelText } from '../../../../src/source/mssql/top-level.js'
import type { MssqlColumnMeta } from '../../../../src/source/mssql/type-map.js'
import { incrementalQuery, keysetPageQuery, timeWindowQuery } from '../../../../src/source/query.js'

const d = dialectFor('mssql')

const int = (name: string | null): DescribedColumn => ({ name, systemTypeId: 56, precision: 10, scale: 0 })
const dec = (name: string, precision: number, scale: number): DescribedColumn => ({ name, systemTypeId: 106, precision, scale })
const numeric = (name: string, precision: number, scale: number): DescribedColumn => ({ name, systemTypeId: 108, precision, scale })
const money = (name: string): DescribedColumn => ({ name, systemTypeId: 60, precision: 19, scale: 4 })
const smallmoney = (name: string): DescribedColumn => ({ name, systemTypeId: 122, precision: 10, scale: 4 })

const BASE = 'SELECT * FROM [dbo].[ledger]'

describe('exactNumericPlan: which columns go through text', () => {
  it('leaves a statement without wide numerics untouched', () => {
    const plan = exactNumericPlan(d, BASE, [int('id'), dec('d', 15, 2), smallmoney('sm'), { name: 'f', systemTypeId: 62, precision: 53, scale: 0 }])
    expect(plan).toEqual({ sql: BASE, textColumns: new Map(), width: 0, fallback: undefined })
  })

  it('table mode: `*` becomes a column list; decimal(>15) and money are converted under fresh aliases', () => {
    const plan = exactNumericPlan(d, BASE, [int('id'), dec('amount', 38, 10), money('m'), smallmoney('sm'), dec('d15', 15, 2), numeric('n', 20, 0)])
    expect(plan.sql).toBe(
      'SELECT [id], CONVERT(varchar(48), [amount]) AS [_rivet_exact_1], CONVERT(varchar(48), CONVERT(decimal(19,4), [m])) AS [_rivet_exact_2], [sm], [d15], CONVERT(varchar(48), [n]) AS [_rivet_exact_5] FROM [dbo].[ledger]',
    )
    expect([...plan.textColumns.entries()]).toEqual([
      [1, { name: 'amount', typeName: 'DecimalN', precision: 38, scale: 10, dataLength: 17, asText: true }],
      [2, { name: 'm', typeName: 'MoneyN', precision: 19, scale: 4, dataLength: 8, asText: true }],
      [5, { name: 'n', typeName: 'NumericN', precision: 20, scale: 0, dataLength: 17, asText: true }],
    ])
    expect(plan.width).toBe(6)
    expect(plan.fallback).toBeUndefined()
  })

  it('quoting torture names cannot break out, and an alias never collides with a result column', () => {
    const names = ['we]ird', 'a"b', 'sp ace', 'b`t', "it's", '[x]', '_rivet_exact_1']
    const plan = exactNumericPlan(d, BASE, names.map((n) => dec(n, 38, 2)))
    expect(plan.sql).toBe(
      'SELECT CONVERT(varchar(48), [we]]ird]) AS [_rivet_exact_0], CONVERT(varchar(48), [a"b]) AS [_rivet_exact_1_], CONVERT(varchar(48), [sp ace]) AS [_rivet_exact_2], ' +
        "CONVERT(varchar(48), [b`t]) AS [_rivet_exact_3], CONVERT(varchar(48), [it's]) AS [_rivet_exact_4], CONVERT(varchar(48), [[x]]]) AS [_rivet_exact_5], " +
        'CONVERT(varchar(48), [_rivet_exact_1]) AS [_rivet_exact_6] FROM [dbo].[ledger]',
    )
    expect([...plan.textColumns.values()].map((c) => c.name)).toEqual(names)
  })

  it('incremental (D07): the cursor predicate and ORDER BY still bind to the numeric column, not its text', () => {
    const q = incrementalQuery(d, BASE, { primaryColumn: 'k]ey', fallbackColumn: undefined, mode: 'single_column' }, '12345678901234567890')
    expect(q.sql).toBe("SELECT * FROM (SELECT * FROM [dbo].[ledger]) AS _rivet WHERE [k]]ey] > N'12345678901234567890' ORDER BY [k]]ey]")
    const plan = exactNumericPlan(d, q.sql, [numeric('k]ey', 20, 0), money('m')])
    expect(plan.sql).toBe(
      "SELECT CONVERT(varchar(48), [k]]ey]) AS [_rivet_exact_0], CONVERT(varchar(48), CONVERT(decimal(19,4), [m])) AS [_rivet_exact_1] FROM (SELECT * FROM [dbo].[ledger]) AS _rivet WHERE [k]]ey] > N'12345678901234567890' ORDER BY [k]]ey]",
    )
  })

  it('keyset page (D16): OFFSET 0 ROWS FETCH NEXT n ROWS ONLY stays the last clause', () => {
    const q = keysetPageQuery(d, BASE, 'id', '41', 5000)
    const plan = exactNumericPlan(d, q.sql, [int('id'), dec('amount', 38, 10)])
    expect(plan.sql).toBe(
      "SELECT [id], CONVERT(varchar(48), [amount]) AS [_rivet_exact_1] FROM (SELECT * FROM [dbo].[ledger]) AS _rivet WHERE [id] > N'41' ORDER BY [id] OFFSET 0 ROWS FETCH NEXT 5000 ROWS ONLY",
    )
  })

  it('time window (D20) keeps its predicate', () => {
    const q = timeWindowQuery(d, BASE, 'ts', 'timestamp', 1, new Date('2024-03-02T10:00:00Z'))
    const plan = exactNumericPlan(d, q.sql, [{ name: 'ts', systemTypeId: 42, precision: 27, scale: 7 }, money('m')])
    expect(plan.sql).toBe("SELECT [ts], CONVERT(varchar(48), CONVERT(decimal(19,4), [m])) AS [_rivet_exact_1] FROM (SELECT * FROM [dbo].[ledger]) AS _rivet WHERE [ts] >= '2024-03-01 00:00:00'")
  })

  it('coalesced cursor (D08): `_rivet.*` becomes a qualified list, the computed cursor column follows', () => {
    const q = incrementalQuery(d, BASE, { primaryColumn: 'updated', fallbackColumn: 'created', mode: 'coalesce' }, undefined)
    const ts = (name: string): DescribedColumn => ({ name, systemTypeId: 42, precision: 27, scale: 7 })
    const plan = exactNumericPlan(d, q.sql, [int('id'), dec('amount', 38, 10), ts('updated'), ts('created'), ts(COALESCED_CURSOR_COLUMN)])
    expect(plan.sql).toBe(
      'SELECT _rivet.[id], CONVERT(varchar(48), _rivet.[amount]) AS [_rivet_exact_1], _rivet.[updated], _rivet.[created], COALESCE(_rivet.[updated], _rivet.[created]) AS [_rivet_coalesced_cursor] FROM (SELECT * FROM [dbo].[ledger]) AS _rivet ORDER BY COALESCE(_rivet.[updated], _rivet.[created]), _rivet.[updated], _rivet.[created]',
    )
    expect(plan.width).toBe(5)
    expect(plan.fallback).toBeUndefined()
  })

  it('coalesced cursor over wide numerics: the data columns are exact, the computed cursor is reported', () => {
    const q = incrementalQuery(d, BASE, { primaryColumn: 'a', fallbackColumn: 'b', mode: 'coalesce' }, undefined)
    const plan = exactNumericPlan(d, q.sql, [dec('a', 20, 0), dec('b', 20, 0), dec(COALESCED_CURSOR_COLUMN, 20, 0)])
    expect([...plan.textColumns.keys()]).toEqual([0, 1])
    expect(plan.fallback).toMatch(/coalesced cursor/)
    const onlyCursor = exactNumericPlan(d, q.sql, [int('id'), { ...dec(COALESCED_CURSOR_COLUMN, 20, 0) }])
    expect(onlyCursor).toMatchObject({ sql: q.sql, width: 0, fallback: 'the coalesced cursor column is computed in the statement' })
  })

  it('a user query is wrapped as a derived table (trailing `;` dropped, a trailing comment kept harmless)', () => {
    const sql = 'SELECT l.id, l.amount AS [tot]]al] FROM dbo.ledger l JOIN dbo.acct a ON a.id = l.acct -- latest\n;  '
    expect(describeTarget(sql)).toBe('SELECT * FROM (\nSELECT l.id, l.amount AS [tot]]al] FROM dbo.ledger l JOIN dbo.acct a ON a.id = l.acct -- latest\n) AS _rivet_q')
    const plan = exactNumericPlan(d, sql, [int('id'), dec('tot]al', 38, 10)])
    expect(plan.sql).toBe(
      'SELECT _rivet_q.[id], CONVERT(varchar(48), _rivet_q.[tot]]al]) AS [_rivet_exact_1] FROM (\nSELECT l.id, l.amount AS [tot]]al] FROM dbo.ledger l JOIN dbo.acct a ON a.id = l.acct -- latest\n) AS _rivet_q',
    )
  })

  it('a CTE list stays in front of the wrapper', () => {
    const sql = ';WITH t (a, b) AS (SELECT 1, amount FROM dbo.x), u AS (SELECT * FROM t) SELECT b FROM u'
    expect(describeTarget(sql)).toBe(';WITH t (a, b) AS (SELECT 1, amount FROM dbo.x), u AS (SELECT * FROM t) SELECT * FROM (\nSELECT b FROM u\n) AS _rivet_q')
    expect(exactNumericPlan(d, sql, [dec('b', 38, 4)]).sql).toBe(
      ';WITH t (a, b) AS (SELECT 1, amount FROM dbo.x), u AS (SELECT * FROM t) SELECT CONVERT(varchar(48), _rivet_q.[b]) AS [_rivet_exact_0] FROM (\nSELECT b FROM u\n) AS _rivet_q',
    )
  })

  it.each([
    ['a top-level UNION', 'SELECT * FROM a UNION ALL SELECT * FROM b'],
    ['an ORDER BY position', 'SELECT * FROM a ORDER BY id, 2 DESC'],
  ])('a star statement with %s is wrapped, not rewritten in place', (_label, sql) => {
    expect(describeTarget(sql)).toBe(`SELECT * FROM (\n${sql}\n) AS _rivet_q`)
  })

  it('a dense chunk window (D13) is rewritten at its outer `*`', () => {
    const q = chunkQuery(d, BASE, 'id', { lo: 1n, hi: 1000n }, 'dense')
    const plan = exactNumericPlan(d, q.sql, [int('id'), money('m'), { name: CHUNK_RN_COLUMN, systemTypeId: 127, precision: 19, scale: 0 }])
    expect(plan.sql).toBe(
      'SELECT [id], CONVERT(varchar(48), CONVERT(decimal(19,4), [m])) AS [_rivet_exact_1], [_rivet_chunk_rn] FROM (SELECT _rivet_i.*, ROW_NUMBER() OVER (ORDER BY _rivet_i.[id]) AS [_rivet_chunk_rn] FROM (SELECT * FROM [dbo].[ledger]) AS _rivet_i) AS _rivet_w WHERE _rivet_w.[_rivet_chunk_rn] BETWEEN 1 AND 1000',
    )
  })

  it('star and qualified shapes are described as they are streamed', () => {
    expect(describeTarget(BASE)).toBe(BASE)
    const q = incrementalQuery(d, BASE, { primaryColumn: 'u', fallbackColumn: 'c', mode: 'coalesce' }, undefined)
    expect(describeTarget(q.sql)).toBe(q.sql)
  })

  it.each([
    ['duplicate names', [dec('x', 38, 2), int('X')]],
    ['an unnamed column', [dec('x', 38, 2), int(null)]],
  ])('falls back when the result has %s', (_label, cols) => {
    const sql = 'SELECT * FROM a JOIN b ON a.k = b.k'
    const plan = exactNumericPlan(d, sql, cols)
    expect(plan.sql).toBe(sql)
    expect(plan.textColumns.size).toBe(0)
    expect(plan.fallback).toMatch(/unnamed or duplicate/)
  })
})

describe('restoreNumericColumns', () => {
  const meta = (name: string, typeName: string): MssqlColumnMeta => ({ name, typeName, precision: undefined, scale: undefined, dataLength: undefined })
  const plan = exactNumericPlan(d, BASE, [int('id'), dec('amount', 38, 10)])

  it('puts the original name and decimal type back at the converted position', () => {
    expect(restoreNumericColumns([meta('id', 'IntN'), meta('_rivet_exact_1', 'VarChar')], plan)).toEqual([
      meta('id', 'IntN'),
      { name: 'amount', typeName: 'DecimalN', precision: 38, scale: 10, dataLength: 17, asText: true },
    ])
  })

  it('a result that no longer matches its description fails transiently', () => {
    expect(() => restoreNumericColumns([meta('id', 'IntN')], plan)).toThrow(expect.objectContaining({ code: 'RIVET_SOURCE_QUERY', retry: { kind: 'transient', reconnect: false, extraDelayMs: 0 } }))
    expect(() => restoreNumericColumns([meta('id', 'IntN'), meta('amount', 'DecimalN')], plan)).toThrow(/'amount' arrived as DecimalN/)
  })
})

describe('topLevelText', () => {
  it('blanks literals, quoted identifiers, nested comments and parenthesised text, keeping positions', () => {
    const sql = "SELECT [a)b], 'it''s (' AS \"x(\" /* (/* nested ) */ */ FROM (SELECT 1 UNION SELECT 2) q -- ORDER BY 1\nORDER BY [a)b]"
    const top = topLevelText(sql)
    expect(top).toHaveLength(sql.length)
    expect(top.replace(/\s+/g, ' ')).toBe('SELECT , AS FROM q ORDER BY ')
  })

  it('ordersByPosition looks only at the top-level ORDER BY list', () => {
    expect(ordersByPosition(topLevelText('SELECT * FROM t ORDER BY 1'))).toBe(true)
    expect(ordersByPosition(topLevelText('SELECT * FROM t ORDER BY a, 2 DESC OFFSET 0 ROWS'))).toBe(true)
    expect(ordersByPosition(topLevelText('SELECT * FROM t ORDER BY [1st] OFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY'))).toBe(false)
    expect(ordersByPosition(topLevelText('SELECT ROW_NUMBER() OVER (ORDER BY a) AS r FROM t'))).toBe(false)
  })
})
