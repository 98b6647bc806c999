import type { RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { BatchBuilder, BinaryColumn, Int64Column, schemaFor, Utf8Column } from '../../../src/batch/index.js'
import { shapeDrift, shapeDriftWarnings, ShapeTracker } from '../../../src/schema/shape-tracker.js'

const SCHEMA = schemaFor([
  { name: 'id', type: { kind: 'int64' }, nativeType: 'int8', fidelity: 'exact' },
  { name: 'note', type: { kind: 'string' }, nativeType: 'text', fidelity: 'exact' },
  { name: 'doc', type: { kind: 'json' }, nativeType: 'jsonb', fidelity: 'logical_string' },
  { name: 'blob', type: { kind: 'binary' }, nativeType: 'bytea', fidelity: 'exact' },
])

function batch(rows: readonly (readonly [string | null, string | null, number | null])[]): RecordBatch {
  const id = new Int64Column()
  const note = new Utf8Column()
  const doc = new Utf8Column({ kind: 'json' })
  const blob = new BinaryColumn()
  const b = new BatchBuilder(SCHEMA, [id, note, doc, blob])
  rows.forEach(([n, d, bl], i) => {
    id.appendNumber(i)
    if (n === null) note.appendNull()
    else note.append(n)
    if (d === null) doc.appendNull()
    else doc.append(d)
    if (bl === null) blob.appendNull()
    else blob.append(new Uint8Array(bl))
    b.endRow()
  })
  return b.finish()
}

describe('ShapeTracker', () => {
  it('keeps the running max byte length of text and binary columns only', () => {
    const t = new ShapeTracker(SCHEMA)
    t.observe(batch([['ab', null, 3], ['héllo', null, null]]))
    t.observe(batch([['x', null, 10], [null, null, 1]]))
    expect(t.maxByteLens()).toEqual(
      new Map([
        ['note', 6],
        ['blob', 10],
      ]),
    )
    t.observe(batch([['', '{"a":1}', 0]]))
    expect(t.maxByteLens()).toEqual(
      new Map([
        ['note', 6],
        ['doc', 7],
        ['blob', 10],
      ]),
    )
  })

  it('counts an empty string as length 0 and skips all-NULL or empty batches', () => {
    const t = new ShapeTracker(SCHEMA)
    t.observe(batch([]))
    t.observe(batch([[null, null, null]]))
    expect(t.maxByteLens().size).toBe(0)
    t.observe(batch([['', null, null]]))
    expect(t.maxByteLens()).toEqual(new Map([['note', 0]]))
  })
})

describe('shapeDrift', () => {
  const stored = new Map([
    ['body', 1000],
    ['zero', 0],
    ['small', 100],
  ])

  it('warns when a column grows beyond factor × stored, in upstream wording', () => {
    const current = new Map([
      ['body', 2500],
      ['zero', 50],
      ['small', 180],
      ['new_col', 9999],
    ])
    expect(shapeDriftWarnings('orders', stored, current, 2)).toEqual([
      "export 'orders': shape drift in column 'body' — max byte length grew 2.5× (1000 → 2500 bytes); set `shape_drift_warn_factor` to a higher value to suppress",
    ])
    const [d] = shapeDrift('orders', stored, current, 2)
    expect(d).toMatchObject({
      column: 'body',
      storedMaxBytes: 1000,
      currentMaxBytes: 2500,
      growthFactor: 2.5,
      journalContext: 'shape_drift:body',
      journalMessage: "column 'body' max byte length grew 2.5× (1000 → 2500 bytes)",
    })
  })

  it('exactly factor × stored does not warn; factor 0 disables', () => {
    expect(shapeDriftWarnings('t', stored, new Map([['body', 2000]]), 2)).toEqual([])
    expect(shapeDriftWarnings('t', stored, new Map([['body', 99_999]]), 0)).toEqual([])
  })

  it('formats the growth like Rust {:.1} (2.25 → 2.2)', () => {
    const [d] = shapeDrift('t', new Map([['c', 4]]), new Map([['c', 9]]), 2)
    expect(d?.message).toContain('grew 2.2× (4 → 9 bytes)')
  })
})
