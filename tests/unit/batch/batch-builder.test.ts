import { tableFromIPC, tableToIPC, Table } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { BatchBuilder, createColumnBuilder, Int64Column, schemaFor, Utf8Column } from '../../../src/batch/index.js'
import { RivetError } from '../../../src/errors/index.js'

const columns = [
  { name: 'id', type: { kind: 'int64' }, nativeType: 'int8', fidelity: 'exact' },
  { name: 'name', type: { kind: 'string' }, nativeType: 'text', fidelity: 'exact' },
] as const

describe('BatchBuilder', () => {
  it('builds record batches row by row and resets', () => {
    const schema = schemaFor(columns)
    const id = new Int64Column()
    const name = new Utf8Column()
    const b = new BatchBuilder(schema, [id, name])
    for (let i = 0; i < 3; i++) {
      id.appendNumber(i)
      if (i === 1) name.appendNull()
      else name.append(`n${i}`)
      b.endRow()
    }
    expect(b.rowCount).toBe(3)
    expect(b.byteSize).toBeGreaterThan(0)
    const batch = b.finish()
    expect(b.rowCount).toBe(0)
    expect(batch.numRows).toBe(3)
    expect(batch.schema.fields).toEqual(schema.fields)
    const rows = new Table(batch).toArray().map((r: { toJSON(): unknown }) => r.toJSON())
    expect(rows).toEqual([
      { id: 0n, name: 'n0' },
      { id: 1n, name: null },
      { id: 2n, name: 'n2' },
    ])
  })

  it('an empty batch keeps the schema and survives IPC', () => {
    const schema = schemaFor(columns)
    const b = new BatchBuilder(
      schema,
      columns.map((c) => createColumnBuilder(c.type)),
    )
    const batch = b.finish()
    expect(batch.numRows).toBe(0)
    const back = tableFromIPC(tableToIPC(new Table(batch), 'stream'))
    expect(back.schema.fields.map((f) => f.name)).toEqual(['id', 'name'])
    expect(back.schema.fields[0]?.metadata.get('rivet.native_type')).toBe('int8')
  })

  it('rejects ragged columns', () => {
    const schema = schemaFor(columns)
    const id = new Int64Column()
    const b = new BatchBuilder(schema, [id, createColumnBuilder(columns[1].type)])
    id.appendNumber(1)
    b.endRow()
    expect(() => b.finish()).toThrow(RivetError)
    expect(() => new BatchBuilder(schema, [id])).toThrow(RivetError)
  })
})
