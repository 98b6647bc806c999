import { describe, expect, it } from 'vitest'
import { schemaFor } from '../../../src/batch/index.js'
import { compareSchemas, driftChangeLines, driftLogLines, driftMessage, hasDrift, schemaDriftError } from '../../../src/schema/drift.js'
import { schemaColumns } from '../../../src/schema/schema-columns.js'

const col = (name: string, type: string): { name: string; type: string } => ({ name, type })

describe('compareSchemas', () => {
  it('no drift for the same columns, whatever the order', () => {
    const d = compareSchemas([col('id', 'Int64'), col('name', 'Utf8')], [col('name', 'Utf8'), col('id', 'Int64')])
    expect(d).toEqual({ added: [], removed: [], retyped: [] })
    expect(hasDrift(d)).toBe(false)
  })

  it('finds added, removed and retyped columns', () => {
    const stored = [col('id', 'Int64'), col('old_field', 'Utf8'), col('price', 'Float64'), col('gone', 'Date32')]
    const current = [col('id', 'Int64'), col('price', 'Decimal128(10, 2)'), col('email', 'Utf8'), col('phone', 'Utf8')]
    const d = compareSchemas(stored, current)
    expect(d).toEqual({
      added: ['email', 'phone'],
      removed: ['old_field', 'gone'],
      retyped: [{ name: 'price', from: 'Float64', to: 'Decimal128(10, 2)' }],
    })
    expect(hasDrift(d)).toBe(true)
    expect(driftChangeLines(d)).toEqual(['+email', '+phone', '-old_field', '-gone', 'price Float64→Decimal128(10, 2)'])
    expect(driftLogLines('orders', d)).toEqual([
      "export 'orders': schema changed!",
      '  added: email, phone',
      '  removed: old_field, gone',
      '  type changed: price (Float64 → Decimal128(10, 2))',
    ])
  })

  it('works on snapshots taken from Arrow schemas', () => {
    const v1 = schemaFor([{ name: 'id', type: { kind: 'int64' }, nativeType: 'int8', fidelity: 'exact' }])
    const v2 = schemaFor([
      { name: 'id', type: { kind: 'int32' }, nativeType: 'int4', fidelity: 'exact' },
      { name: 'note', type: { kind: 'string' }, nativeType: 'text', fidelity: 'exact' },
    ])
    expect(compareSchemas(schemaColumns(v1), schemaColumns(v2))).toEqual({
      added: ['note'],
      removed: [],
      retyped: [{ name: 'id', from: 'Int64', to: 'Int32' }],
    })
  })
})

describe('schema drift failure', () => {
  it('uses the upstream wording and exits 4', () => {
    const d = compareSchemas([col('id', 'Int64'), col('x', 'Utf8')], [col('id', 'Utf8'), col('y', 'Utf8'), col('z', 'Utf8')])
    const expected =
      "schema drift detected for export 'orders': 2 column(s) added, 1 removed, 1 retyped — set `on_schema_drift: warn` to accept, or fix the schema mismatch"
    expect(driftMessage('orders', d)).toBe(expected)
    const err = schemaDriftError('orders', d)
    expect(err.code).toBe('RIVET_SCHEMA_DRIFT')
    expect(err.exitClass).toBe(4)
    expect(err.message).toBe(expected)
    expect(err.hint).toContain('+y, +z, -x, id Int64→Utf8')
    expect(err.details).toEqual({ export: 'orders', added: ['y', 'z'], removed: ['x'], retyped: [{ name: 'id', from: 'Int64', to: 'Utf8' }] })
  })
})
