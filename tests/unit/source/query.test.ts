import { describe, expect, it } from 'vitest'
import { dialectFor } from '../../../src/source/dialect.js'
import { incrementalQuery, timeWindowQuery } from '../../../src/source/query.js'
import { enforceTlsPosture, isLoopbackHost } from '../../../src/source/tls.js'
import { pgFetchSize, streamingBatchCap } from '../../../src/source/batch-controller.js'
import type { SourceTuning } from '../../../src/plan/run-plan.js'

describe('dialect quoting', () => {
  it('doubles the quote character so names cannot break out', () => {
    expect(dialectFor('postgres').quoteIdent('a"b; DROP')).toBe('"a""b; DROP"')
    expect(dialectFor('mysql').quoteIdent('a`b')).toBe('`a``b`')
    expect(dialectFor('mssql').quoteIdent('a]b')).toBe('[a]]b]')
    expect(dialectFor('postgres').quoteLiteral("it's \\ ok")).toBe("E'it''s \\\\ ok'")
    expect(dialectFor('mssql').quoteLiteral("O'Brien")).toBe("N'O''Brien'")
  })
})

describe('incremental and time-window SQL (D07, D08, D20)', () => {
  const single = { primaryColumn: 'updated_at', fallbackColumn: undefined, mode: 'single_column' as const }
  it('first run orders by the cursor; later runs filter with a literal (PG) or a bound parameter (MySQL)', () => {
    expect(incrementalQuery(dialectFor('postgres'), 'SELECT * FROM t', single, undefined)).toEqual({ sql: 'SELECT * FROM (SELECT * FROM t) AS _rivet ORDER BY "updated_at"', params: [] })
    expect(incrementalQuery(dialectFor('postgres'), 'SELECT * FROM t', single, "2024-01-01 00:00:00")).toEqual({
      sql: `SELECT * FROM (SELECT * FROM t) AS _rivet WHERE "updated_at" > E'2024-01-01 00:00:00' ORDER BY "updated_at"`,
      params: [],
    })
    expect(incrementalQuery(dialectFor('mysql'), 'SELECT * FROM t', single, '42')).toEqual({ sql: 'SELECT * FROM (SELECT * FROM t) AS _rivet WHERE `updated_at` > ? ORDER BY `updated_at`', params: ['42'] })
  })
  it('coalesce mode adds the synthetic column and orders by it', () => {
    const q = incrementalQuery(dialectFor('postgres'), 'SELECT * FROM t', { primaryColumn: 'u', fallbackColumn: 'c', mode: 'coalesce' }, '5')
    expect(q.sql).toBe(`SELECT _rivet.*, COALESCE(_rivet."u", _rivet."c") AS "_rivet_coalesced_cursor" FROM (SELECT * FROM t) AS _rivet WHERE COALESCE(_rivet."u", _rivet."c") > E'5' ORDER BY COALESCE(_rivet."u", _rivet."c"), _rivet."u", _rivet."c"`)
  })
  it('time window starts at UTC midnight N days back', () => {
    const now = new Date('2026-03-10T15:30:00Z')
    expect(timeWindowQuery(dialectFor('postgres'), 'SELECT 1', 'ts', 'timestamp', 7, now).sql).toBe(`SELECT * FROM (SELECT 1) AS _rivet WHERE "ts" >= '2026-03-03 00:00:00'`)
    expect(timeWindowQuery(dialectFor('mysql'), 'SELECT 1', 'ts', 'unix', 1, now).sql).toBe(`SELECT * FROM (SELECT 1) AS _rivet WHERE \`ts\` >= ${Date.UTC(2026, 2, 9) / 1000}`)
  })
})

describe('TLS posture (C13)', () => {
  it('knows loopback hosts strictly', () => {
    for (const h of ['localhost', '127.0.0.1', '127.9.9.9', '::1', '[::1]']) expect(isLoopbackHost(h)).toBe(true)
    for (const h of ['127.evil.com', 'db.prod', '10.0.0.1', 'postgres']) expect(isLoopbackHost(h)).toBe(false)
  })
  it('refuses a remote host without a tls block, allows loopback and explicit disable', () => {
    const src = (url: string, tls?: 'disable') => ({
      engine: 'postgres' as const,
      connection: { kind: 'url' as const, url, origin: { kind: 'inline' as const } },
      tls: tls === undefined ? undefined : { mode: tls, modeExplicit: true, acceptInvalidCerts: false, acceptInvalidHostnames: false },
      environment: undefined,
    })
    expect(() => {
      enforceTlsPosture(src('postgresql://u@db.prod/x'))
    }).toThrow(/TLS required/)
    expect(() => {
      enforceTlsPosture(src('postgresql://u@127.0.0.1/x'))
    }).not.toThrow()
    expect(() => {
      enforceTlsPosture(src('postgresql://u@db.prod/x?sslmode=require'))
    }).not.toThrow()
    expect(() => {
      enforceTlsPosture(src('postgresql://u@db.prod/x', 'disable'))
    }).not.toThrow()
  })
})

describe('batch sizing (D04, D05)', () => {
  const tuning = { batchSize: 10_000, batchSizeMemoryMb: undefined } as SourceTuning
  it('caps FETCH under work_mem × 0.7', () => {
    expect(pgFetchSize(tuning, 4 * 1024 * 1024, 1000)).toBe(Math.floor((4 * 1024 * 1024 * 0.7) / 1200))
    expect(pgFetchSize(tuning, 4 * 1024 * 1024, 1_000_000)).toBe(100)
    expect(pgFetchSize(tuning, 1024 ** 3, 10)).toBe(10_000)
  })
  it('streaming engines cut at 64 MiB worth of rows, never above batch_size', () => {
    expect(streamingBatchCap(tuning, 1_000_000)).toBe(500)
    expect(streamingBatchCap(tuning, 100)).toBe(10_000)
  })
})
