import { Field, Int64, Schema, Utf8 } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { DEFAULT_ROW_GROUP_ROWS, estimateRowBytes, rowGroupRows } from '../../../../src/format/parquet/row-group-plan.js'
import type { ParquetPlan } from '../../../../src/plan/run-plan.js'

const narrow = new Schema([new Field('id', new Int64()), new Field('at', new Int64())])
const wide = new Schema(Array.from({ length: 50 }, (_, i) => new Field(`c${i}`, new Utf8())))

function p(over: Partial<ParquetPlan>): ParquetPlan {
  return { rowGroupStrategy: 'auto', rowGroupRows: undefined, targetRowGroupMb: 128, maxRowGroupMb: undefined, ...over }
}

describe('rowGroupRows (G02)', () => {
  it('defaults to the writer default without a parquet block', () => {
    expect(rowGroupRows(undefined, narrow)).toBe(DEFAULT_ROW_GROUP_ROWS)
  })
  it('fixed_rows uses row_group_rows, or the default when unset', () => {
    expect(rowGroupRows(p({ rowGroupStrategy: 'fixed_rows', rowGroupRows: 250_000 }), wide)).toBe(250_000)
    expect(rowGroupRows(p({ rowGroupStrategy: 'fixed_rows' }), wide)).toBe(DEFAULT_ROW_GROUP_ROWS)
  })
  it('auto / fixed_memory divide the target by the row estimate, clamped', () => {
    expect(estimateRowBytes(narrow)).toBe(18)
    expect(rowGroupRows(p({}), narrow)).toBe(Math.floor((128 * 1024 * 1024) / 18))
    expect(rowGroupRows(p({ rowGroupStrategy: 'fixed_memory' }), wide)).toBe(Math.floor((128 * 1024 * 1024) / (257 * 50)))
    expect(rowGroupRows(p({ targetRowGroupMb: 1 }), wide)).toBe(1_000)
    expect(rowGroupRows(p({ targetRowGroupMb: 4096 }), narrow)).toBe(10_000_000)
  })
  it('max_row_group_mb caps the result but never below 1000 rows', () => {
    expect(rowGroupRows(p({ maxRowGroupMb: 1 }), narrow)).toBe(Math.floor((1024 * 1024) / 18))
    expect(rowGroupRows(p({ maxRowGroupMb: 1 }), wide)).toBe(1_000)
  })
})
