import type { RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import {
  BatchBuilder,
  BoolColumn,
  DateColumn,
  DecimalColumn,
  Float32Column,
  Int16Column,
  Int64Column,
  schemaFor,
  TimeColumn,
  TimestampColumn,
  Utf8Column,
  UuidColumn,
} from '../../../src/batch/index.js'
import { RivetError } from '../../../src/errors/index.js'
import type { QualityPlan } from '../../../src/plan/run-plan.js'
import { chunkedQualityVerdict, QualityTracker, qualityGateError } from '../../../src/quality/index.js'

const SCHEMA = schemaFor([
  { name: 'id', type: { kind: 'int64' }, nativeType: 'int8', fidelity: 'exact' },
  { name: 'val', type: { kind: 'string' }, nativeType: 'text', fidelity: 'exact' },
])

function batch(rows: readonly (readonly [number | null, string | null])[]): RecordBatch {
  const id = new Int64Column()
  const val = new Utf8Column()
  const b = new BatchBuilder(SCHEMA, [id, val])
  for (const [i, v] of rows) {
    if (i === null) id.appendNull()
    else id.appendNumber(i)
    if (v === null) val.appendNull()
    else val.append(v)
    b.endRow()
  }
  return b.finish()
}

function plan(p: Partial<QualityPlan>): QualityPlan {
  return { rowCountMin: undefined, rowCountMax: undefined, nullRatioMax: [], uniqueColumns: [], uniqueMaxEntries: undefined, ...p }
}

describe('QualityTracker', () => {
  it('row count bounds, inclusive', async () => {
    const t = await QualityTracker.create(SCHEMA, plan({ rowCountMin: 100, rowCountMax: 100 }))
    expect(t.evaluate(5).failures).toEqual(['row_count 5 below minimum 100'])
    expect(t.evaluate(500).failures).toEqual(['row_count 500 exceeds maximum 100'])
    expect(t.evaluate(100)).toEqual({ failures: [], warnings: [] })
  })

  it('row_count_min fires on an empty export; other checks skip 0 rows', async () => {
    const t = await QualityTracker.create(SCHEMA, plan({ rowCountMin: 1, nullRatioMax: [['val', 0]], uniqueColumns: ['id'] }))
    t.observe(batch([]))
    expect(t.evaluate(0)).toEqual({ failures: ['row_count 0 below minimum 1'], warnings: [] })
  })

  it('null ratio across batches, with 4-digit formatting; equal to the threshold passes', async () => {
    const t = await QualityTracker.create(SCHEMA, plan({ nullRatioMax: [['val', 0.1]] }))
    t.observe(batch([[1, null], [2, null], [3, 'x']]))
    t.observe(batch([[4, null], [5, null], [6, null]]))
    t.observe(batch([[7, null], [8, 'y'], [9, null], [10, 'z']]))
    expect(t.evaluate(10).failures).toEqual(["column 'val': null ratio 0.7000 exceeds threshold 0.1000"])
    const exact = await QualityTracker.create(SCHEMA, plan({ nullRatioMax: [['val', 0.5]] }))
    exact.observe(batch([[1, null], [2, 'b']]))
    expect(exact.evaluate(2).failures).toEqual([])
  })

  it('the N01 examples word for word', async () => {
    const t = await QualityTracker.create(SCHEMA, plan({ nullRatioMax: [['val', 0.1]], uniqueColumns: ['id'] }))
    const rows: [number, string | null][] = []
    for (let i = 0; i < 20; i++) rows.push([i % 10, i % 5 === 0 ? 'v' : null])
    t.observe(batch(rows.slice(0, 7)))
    t.observe(batch(rows.slice(7)))
    expect(t.evaluate(20)).toEqual({
      failures: ["column 'val': null ratio 0.8000 exceeds threshold 0.1000", "column 'id': 10 duplicate values out of 20 rows"],
      warnings: [],
    })
  })

  it('ratio ties round half to even like Rust ({:.4} of 1/32 is 0.0312)', async () => {
    const t = await QualityTracker.create(SCHEMA, plan({ nullRatioMax: [['val', 0]] }))
    const rows: [number, string | null][] = Array.from({ length: 32 }, (_, i) => [i, i === 0 ? null : 'x'])
    t.observe(batch(rows))
    expect(t.evaluate(32).failures).toEqual(["column 'val': null ratio 0.0312 exceeds threshold 0.0000"])
  })

  it('uniqueness finds duplicates across batches and ignores NULLs', async () => {
    const t = await QualityTracker.create(SCHEMA, plan({ uniqueColumns: ['id', 'val'] }))
    t.observe(batch([[1, 'a'], [2, ''], [null, null]]))
    t.observe(batch([[2, 'b'], [null, null], [3, null]]))
    expect(t.evaluate(6).failures).toEqual(["column 'id': 1 duplicate values out of 6 rows"])
  })

  it('uniqueness over decimals compares values, not spellings', async () => {
    const schema = schemaFor([{ name: 'amount', type: { kind: 'decimal', precision: 10, scale: 2 }, nativeType: 'numeric', fidelity: 'exact' }])
    const d = new DecimalColumn(10, 2)
    const b = new BatchBuilder(schema, [d])
    for (const v of ['1.5', '1.50', '2', '-2']) {
      d.appendText(v)
      b.endRow()
    }
    const t = await QualityTracker.create(schema, plan({ uniqueColumns: ['amount'] }))
    t.observe(b.finish())
    expect(t.evaluate(4).failures).toEqual(["column 'amount': 1 duplicate values out of 4 rows"])
  })

  it('uniqueness over fixed-width types uses exact values (bool, int16, float32, date, time, timestamp, uuid)', async () => {
    const schema = schemaFor([
      { name: 'b', type: { kind: 'bool' }, nativeType: 'bool', fidelity: 'exact' },
      { name: 's', type: { kind: 'int16' }, nativeType: 'int2', fidelity: 'exact' },
      { name: 'f', type: { kind: 'float32' }, nativeType: 'float4', fidelity: 'exact' },
      { name: 'd', type: { kind: 'date' }, nativeType: 'date', fidelity: 'exact' },
      { name: 't', type: { kind: 'time', unit: 'millisecond' }, nativeType: 'time', fidelity: 'exact' },
      { name: 'ts', type: { kind: 'timestamp', unit: 'microsecond', timezone: 'UTC' }, nativeType: 'timestamptz', fidelity: 'exact' },
      { name: 'u', type: { kind: 'uuid' }, nativeType: 'uuid', fidelity: 'exact' },
    ])
    const cols = [new BoolColumn(), new Int16Column(), new Float32Column(), new DateColumn(), new TimeColumn('millisecond'), new TimestampColumn('microsecond', 'UTC'), new UuidColumn()] as const
    const b = new BatchBuilder(schema, [...cols])
    const rows = [
      [true, -3, 1.5, 19000, 1000, 1_000_000_000_000, 'a0000000-0000-0000-0000-000000000000'],
      [false, 4096, -1.5, 19001, 2000, 1_000_000_000_001, 'b0000000-0000-0000-0000-000000000000'],
      [true, -3, 1.5, 19000, 1000, 2_000_000_000_000, 'a0000000-0000-0000-0000-000000000000'],
      [null, null, null, null, null, null, null],
    ] as const
    for (const [bo, sh, fl, da, ti, tsv, uu] of rows) {
      if (bo === null) for (const c of cols) c.appendNull()
      else {
        cols[0].append(bo)
        cols[1].append(sh)
        cols[2].append(fl)
        cols[3].appendDays(da)
        cols[4].appendMicros(ti * 1000)
        cols[5].appendMicros(tsv)
        cols[6].appendText(uu)
      }
      b.endRow()
    }
    const t = await QualityTracker.create(schema, plan({ uniqueColumns: ['b', 's', 'f', 'd', 't', 'ts', 'u'] }))
    t.observe(b.finish())
    expect(t.evaluate(4).failures).toEqual([
      "column 'b': 1 duplicate values out of 4 rows",
      "column 's': 1 duplicate values out of 4 rows",
      "column 'f': 1 duplicate values out of 4 rows",
      "column 'd': 1 duplicate values out of 4 rows",
      "column 't': 1 duplicate values out of 4 rows",
      "column 'u': 1 duplicate values out of 4 rows",
    ])
  })

  it('unique_max_entries: exceeding the cap degrades to a warning and stops tracking', async () => {
    const t = await QualityTracker.create(SCHEMA, plan({ uniqueColumns: ['id'], uniqueMaxEntries: 3 }))
    t.observe(batch([[1, 'a'], [1, 'a'], [2, 'b'], [3, 'c'], [3, 'c']]))
    expect(t.evaluate(5).failures).toEqual(["column 'id': 2 duplicate values out of 5 rows"])
    t.observe(batch([[4, 'd'], [4, 'd']]))
    expect(t.evaluate(7)).toEqual({
      failures: [],
      warnings: [
        "column 'id': uniqueness check capped at 3 entries; result may be incomplete (set unique_max_entries higher to cover all rows)",
      ],
    })
  })

  it('without a cap every distinct value is tracked', async () => {
    const t = await QualityTracker.create(SCHEMA, plan({ uniqueColumns: ['id'] }))
    const rows: [number, string][] = Array.from({ length: 50_000 }, (_, i) => [i, 'x'])
    t.observe(batch(rows))
    t.observe(batch([[49_999, 'x']]))
    expect(t.evaluate(50_001).failures).toEqual(["column 'id': 1 duplicate values out of 50001 rows"])
  })

  it('a rule on a column the export does not produce is a config error', async () => {
    const attempt = QualityTracker.create(SCHEMA, plan({ uniqueColumns: ['ghost', 'id'], nullRatioMax: [['zeta', 0.1], ['ghost', 0.2]] }))
    await expect(attempt).rejects.toMatchObject({
      code: 'RIVET_CONFIG_INVALID',
      message: 'quality check references column(s) not produced by the export: ghost, zeta',
    })
    const err = await attempt.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RivetError)
    expect((err as RivetError).hint).toContain('`quality.unique_columns`')
    expect((err as RivetError).hint).toContain('available columns: id, val')
    expect(() => new QualityTracker(SCHEMA, plan({ nullRatioMax: [['nope', 0]] }))).toThrow(/not produced by the export: nope/)
  })

  it('the plain constructor works without a hasher for fixed-width unique columns only', () => {
    const t = new QualityTracker(SCHEMA, plan({ uniqueColumns: ['id'], nullRatioMax: [['val', 1]] }))
    t.observe(batch([[1, 'a'], [1, 'b']]))
    expect(t.evaluate(2).failures).toEqual(["column 'id': 1 duplicate values out of 2 rows"])
    expect(() => new QualityTracker(SCHEMA, plan({ uniqueColumns: ['val'] }))).toThrow(/QualityTracker.create/)
  })
})

describe('qualityGateError', () => {
  it('lists every failure under the export, exit class 3', () => {
    const err = qualityGateError('orders', ['row_count 5 below minimum 100', "column 'id': 10 duplicate values out of 20 rows"])
    expect(err.code).toBe('RIVET_QUALITY_GATE')
    expect(err.exitClass).toBe(3)
    expect(err.message).toBe(
      "export 'orders': 2 quality check(s) failed:\n  - row_count 5 below minimum 100\n  - column 'id': 10 duplicate values out of 20 rows",
    )
    expect(err.hint).toBe('Fix the source data, or adjust the thresholds under `quality:` in your config.')
    expect(qualityGateError('events', ['a'], 'chunked aggregate').message).toBe("export 'events': 1 quality check(s) failed (chunked aggregate):\n  - a")
  })
})

describe('chunkedQualityVerdict', () => {
  it('checks only the aggregate row count and warns about per-column rules', () => {
    expect(chunkedQualityVerdict('events', plan({ rowCountMin: 10 }), 4)).toEqual({ failures: ['row_count 4 below minimum 10'], warnings: [] })
    expect(chunkedQualityVerdict('events', plan({ rowCountMax: 10, uniqueColumns: ['id'] }), 5)).toEqual({
      failures: [],
      warnings: [
        "export 'events': quality checks null_ratio_max and unique_columns are not supported in chunked mode (each chunk processes independently); only row_count bounds are checked",
      ],
    })
  })
})
