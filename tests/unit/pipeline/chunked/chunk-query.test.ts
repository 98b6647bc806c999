import { describe, expect, it } from 'vitest'
import { chunkQuery, keyCountQuery, keyRangeQuery, nullKeyCountQuery, rowCountQuery, selectStarTable, windowStartsQuery } from '../../../../src/pipeline/chunked/chunk-query.js'
import { daysSinceEpoch } from '../../../../src/pipeline/chunked/math.js'
import { dialectFor } from '../../../../src/source/dialect.js'

const pg = dialectFor('postgres')
const my = dialectFor('mysql')

describe('selectStarTable', () => {
  it('accepts only SELECT * FROM <ident>', () => {
    expect(selectStarTable('SELECT * FROM events')).toBe('events')
    expect(selectStarTable('select *  from  public.orders ')).toBe('public.orders')
    expect(selectStarTable('SELECT * FROM events WHERE id > 1')).toBeUndefined()
    expect(selectStarTable('SELECT id FROM events')).toBeUndefined()
    expect(selectStarTable('SELECT * FROM events;')).toBeUndefined()
    expect(selectStarTable('SELECT * FROM a.b.c')).toBeUndefined()
  })
})

describe('chunkQuery', () => {
  const w = { lo: 31n, hi: 60n }
  it('range on a plain table hits the table directly', () => {
    expect(chunkQuery(pg, 'SELECT * FROM orders', 'id', w, 'range').sql).toBe('SELECT * FROM orders WHERE "id" BETWEEN 31 AND 60')
  })
  it('range on a query wraps it', () => {
    expect(chunkQuery(my, 'SELECT id, x FROM t WHERE x > 0', 'id', w, 'range').sql).toBe('SELECT * FROM (SELECT id, x FROM t WHERE x > 0) AS _rivet WHERE `id` BETWEEN 31 AND 60')
  })
  it('big keys are printed exactly', () => {
    expect(chunkQuery(pg, 'SELECT * FROM t', 'id', { lo: 9223372036854775800n, hi: 9223372036854775807n }, 'range').sql).toContain('BETWEEN 9223372036854775800 AND 9223372036854775807')
    expect(chunkQuery(pg, 'SELECT * FROM t', 'id', { lo: -5n, hi: -1n }, 'range').sql).toContain('BETWEEN -5 AND -1')
  })
  it('dense wraps with ROW_NUMBER over the key', () => {
    expect(chunkQuery(pg, 'SELECT * FROM t', 'k', { lo: 1n, hi: 10n }, 'dense').sql).toBe(
      'SELECT * FROM (SELECT _rivet_i.*, ROW_NUMBER() OVER (ORDER BY _rivet_i."k") AS "_rivet_chunk_rn" FROM (SELECT * FROM t) AS _rivet_i) AS _rivet_w WHERE _rivet_w."_rivet_chunk_rn" BETWEEN 1 AND 10',
    )
  })
  it('days is half-open on the day after the last one', () => {
    const d = daysSinceEpoch('2024-01-01') ?? 0n
    expect(chunkQuery(pg, 'SELECT * FROM ev', 'ts', { lo: d, hi: d + 6n }, 'days').sql).toBe(`SELECT * FROM ev WHERE "ts" >= '2024-01-01' AND "ts" < '2024-01-08'`)
  })
})

describe('probes', () => {
  it('MIN/MAX, NULL-count and row count', () => {
    // three short probes instead of one scan: NULL keys and the range are index lookups on a key
    expect(nullKeyCountQuery(pg, 'SELECT * FROM t', 'id')).toBe('SELECT COUNT(*) FROM t WHERE "id" IS NULL')
    expect(keyRangeQuery(pg, 'SELECT * FROM t', 'id')).toBe('SELECT MIN("id"), MAX("id") FROM t')
    expect(keyCountQuery(my, 'SELECT id FROM t', 'id')).toBe('SELECT COUNT(`id`) FROM (SELECT id FROM t) AS _rivet_probe')
    expect(nullKeyCountQuery(my, 'SELECT id FROM t', 'id')).toBe('SELECT COUNT(*) FROM (SELECT id FROM t) AS _rivet_probe WHERE `id` IS NULL')
    expect(windowStartsQuery(pg, 'SELECT * FROM t', 'id', 100)).toBe(
      'SELECT _rivet_k FROM (SELECT "id" AS _rivet_k, ROW_NUMBER() OVER (ORDER BY "id") AS _rivet_rn FROM t WHERE "id" IS NOT NULL) AS _rivet_b WHERE (_rivet_rn - 1) % 100 = 0 ORDER BY _rivet_k',
    )
    expect(rowCountQuery('SELECT a FROM t')).toBe('SELECT COUNT(*) FROM (SELECT a FROM t) AS _rivet_rowcnt')
  })
})
