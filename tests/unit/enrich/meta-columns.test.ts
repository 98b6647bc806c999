import { type DataType, type Field, type RecordBatch, Table, tableFromIPC, tableToIPC } from 'apache-arrow'
import { createXXHash128 } from 'hash-wasm'
import { describe, expect, it } from 'vitest'
import {
  BatchBuilder,
  DecimalColumn,
  Int64Column,
  ListColumn,
  schemaFor,
  TimestampColumn,
  Utf8Column,
  UuidColumn,
} from '../../../src/batch/index.js'
import { arrowTypeLabel } from '../../../src/format/arrow-type-label.js'
import { COL_EXPORTED_AT, COL_ROW_HASH, MetaColumns } from '../../../src/enrich/index.js'

const FIELDS = [
  { name: 'id', type: { kind: 'int64' }, nativeType: 'int8', fidelity: 'exact' },
  { name: 'name', type: { kind: 'string' }, nativeType: 'text', fidelity: 'exact' },
] as const

function idName(rows: readonly (readonly [number, string | null])[]): RecordBatch {
  const id = new Int64Column()
  const name = new Utf8Column()
  const b = new BatchBuilder(schemaFor(FIELDS), [id, name])
  for (const [i, n] of rows) {
    id.appendNumber(i)
    if (n === null) name.appendNull()
    else name.append(n)
    b.endRow()
  }
  return b.finish()
}

function hashes(batch: RecordBatch): bigint[] {
  const col = batch.getChild(COL_ROW_HASH)
  if (col === null) throw new Error('no row hash column')
  return Array.from(col.toArray() as BigInt64Array)
}

const BOTH = { exportedAt: true, rowHash: true }
const AT = new Date('2024-03-28T08:00:00.123Z')

describe('MetaColumns', () => {
  it('is a no-op when both columns are off', async () => {
    const batch = idName([[1, 'a']])
    const meta = await MetaColumns.create(batch.schema, { exportedAt: false, rowHash: false }, AT)
    expect(meta.schema).toBe(batch.schema)
    expect(meta.apply(batch)).toBe(batch)
  })

  it('appends _rivet_exported_at then _rivet_row_hash, both non-nullable', async () => {
    const batch = idName([[1, 'alice'], [2, null], [3, 'carol']])
    const meta = await MetaColumns.create(batch.schema, BOTH, AT)
    const out = meta.apply(batch)
    expect(out.schema.fields.map((f: Field) => [f.name, arrowTypeLabel(f.type as DataType), f.nullable])).toEqual([
      ['id', 'Int64', true],
      ['name', 'Utf8', true],
      [COL_EXPORTED_AT, 'Timestamp(Microsecond, Some("UTC"))', false],
      [COL_ROW_HASH, 'Int64', false],
    ])
    expect(out.numRows).toBe(3)
    const at = Array.from(out.getChild(COL_EXPORTED_AT)?.toArray() as BigInt64Array)
    expect(at).toEqual([1711612800123000n, 1711612800123000n, 1711612800123000n])
    expect(new Set(hashes(out)).size).toBe(3)
    expect(out.getChild('name')?.get(1)).toBeNull()
  })

  it('exported_at alone or row_hash alone', async () => {
    const batch = idName([[1, 'a']])
    const at = await MetaColumns.create(batch.schema, { exportedAt: true, rowHash: false }, AT)
    expect(at.schema.fields.map((f) => f.name)).toEqual(['id', 'name', COL_EXPORTED_AT])
    const rh = await MetaColumns.create(batch.schema, { exportedAt: false, rowHash: true }, AT)
    expect(rh.apply(batch).schema.fields.map((f) => f.name)).toEqual(['id', 'name', COL_ROW_HASH])
  })

  it('the row hash is the low 64 bits of XXH3-128 over display text, 0x1F-terminated, NULL as 0x00', async () => {
    const batch = idName([[1, 'alice'], [2, null]])
    const meta = await MetaColumns.create(batch.schema, { exportedAt: false, rowHash: true }, AT)
    const got = hashes(meta.apply(batch))
    const h = await createXXHash128()
    const low64 = (bytes: Uint8Array): bigint => {
      h.init()
      h.update(bytes)
      return BigInt.asIntN(64, BigInt(`0x${h.digest('hex').slice(16)}`))
    }
    expect(got[0]).toBe(low64(new TextEncoder().encode('1\x1falice\x1f')))
    expect(got[1]).toBe(low64(new Uint8Array([0x32, 0x1f, 0x00, 0x1f])))
  })

  it('is deterministic across instances and runs; a changed cell or NULL vs empty string differ', async () => {
    const rows = [[1, 'alice'], [2, ''], [3, null]] as const
    const a = await MetaColumns.create(idName(rows).schema, BOTH, AT)
    const b = await MetaColumns.create(idName(rows).schema, BOTH, new Date())
    const h1 = hashes(a.apply(idName(rows)))
    expect(hashes(b.apply(idName(rows)))).toEqual(h1)
    expect(hashes(a.apply(idName(rows)))).toEqual(h1)
    const changed = hashes(a.apply(idName([[1, 'alicE'], [2, ''], [3, null]])))
    expect(changed[0]).not.toBe(h1[0])
    expect(changed.slice(1)).toEqual(h1.slice(1))
    const nullVsEmpty = hashes(a.apply(idName([[2, ''], [2, null]])))
    expect(nullVsEmpty[0]).not.toBe(nullVsEmpty[1])
  })

  it('sliced batches hash like the rows they view, and the output survives Arrow IPC', async () => {
    const rows = [[1, 'a'], [2, null], [3, 'c'], [4, '']] as const
    const full = idName(rows)
    const meta = await MetaColumns.create(full.schema, BOTH, AT)
    const all = hashes(meta.apply(full))
    expect(hashes(meta.apply(full.slice(1, 3)))).toEqual(all.slice(1, 3))
    const table = tableFromIPC(tableToIPC(new Table(meta.apply(full))))
    expect(table.numRows).toBe(4)
    expect(Array.from(table.getChild(COL_ROW_HASH)?.toArray() as BigInt64Array)).toEqual(all)
    expect(table.getChild(COL_EXPORTED_AT)?.get(3)).toBe(1711612800123)
  })

  it('hashes lists, decimals, timestamps and UUIDs by value', async () => {
    const build = (dec: string, micros: number, uuid: string, items: readonly (number | null)[]): RecordBatch => {
      const d = new DecimalColumn(20, 4)
      const ts = new TimestampColumn('microsecond', 'UTC')
      const u = new UuidColumn()
      const items64 = new Int64Column()
      const l = new ListColumn({ kind: 'int64' }, items64)
      const schema = schemaFor([
        { name: 'd', type: { kind: 'decimal', precision: 20, scale: 4 }, nativeType: 'numeric', fidelity: 'exact' },
        { name: 'ts', type: { kind: 'timestamp', unit: 'microsecond', timezone: 'UTC' }, nativeType: 'timestamptz', fidelity: 'exact' },
        { name: 'u', type: { kind: 'uuid' }, nativeType: 'uuid', fidelity: 'exact' },
        { name: 'l', type: { kind: 'list', inner: { kind: 'int64' } }, nativeType: 'int8[]', fidelity: 'exact' },
      ])
      const bb = new BatchBuilder(schema, [d, ts, u, l])
      d.appendText(dec)
      ts.appendMicros(micros)
      u.appendText(uuid)
      l.startList()
      for (const x of items) {
        if (x === null) items64.appendNull()
        else items64.appendNumber(x)
      }
      l.endList()
      bb.endRow()
      return bb.finish()
    }
    const base = ['1.5', 1_700_000_000_000_000, '00000000-0000-0000-0000-000000000001', [1, null, 3]] as const
    const meta = await MetaColumns.create(build(...base).schema, { exportedAt: false, rowHash: true }, AT)
    const h = (...args: Parameters<typeof build>): bigint => hashes(meta.apply(build(...args)))[0] ?? 0n
    const ref = h(...base)
    expect(h('1.50', 1_700_000_000_000_000, '00000000-0000-0000-0000-000000000001', [1, null, 3])).toBe(ref)
    expect(h('1.5001', base[1], base[2], base[3])).not.toBe(ref)
    expect(h(base[0], 1_700_000_000_000_001, base[2], base[3])).not.toBe(ref)
    expect(h(base[0], base[1], '00000000-0000-0000-0000-000000000002', base[3])).not.toBe(ref)
    expect(h(base[0], base[1], base[2], [1, 3])).not.toBe(ref)
    expect(h(base[0], base[1], base[2], [1, 0, 3])).not.toBe(ref)
  })
})
