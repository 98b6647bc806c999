import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RecordBatch } from 'apache-arrow'
import { afterEach, describe, expect, it } from 'vitest'
import { BatchBuilder, BoolColumn, DecimalColumn, Int64Column, schemaFor, TimestampColumn, Utf8Column, UuidColumn } from '../../../../src/batch/index.js'
import { dictionaryColumns } from '../../../../src/format/parquet/dictionary-choice.js'
import { ParquetWriter } from '../../../../src/format/parquet/parquet-writer.js'
import { query } from './duckdb-reader.js'

const SCHEMA = schemaFor([
  { name: 'id', type: { kind: 'int64' }, nativeType: 'int8', fidelity: 'exact' },
  { name: 'status', type: { kind: 'string' }, nativeType: 'text', fidelity: 'exact' },
  { name: 'note', type: { kind: 'string' }, nativeType: 'text', fidelity: 'exact' },
  { name: 'price', type: { kind: 'decimal', precision: 12, scale: 2 }, nativeType: 'numeric(12,2)', fidelity: 'exact' },
  { name: 'tier', type: { kind: 'decimal', precision: 12, scale: 2 }, nativeType: 'numeric(12,2)', fidelity: 'exact' },
  { name: 'day', type: { kind: 'timestamp', unit: 'microsecond', timezone: null }, nativeType: 'timestamp', fidelity: 'exact' },
  { name: 'ref', type: { kind: 'uuid' }, nativeType: 'uuid', fidelity: 'exact' },
  { name: 'paid', type: { kind: 'bool' }, nativeType: 'bool', fidelity: 'exact' },
  { name: 'sparse.code', type: { kind: 'string' }, nativeType: 'text', fidelity: 'exact' },
  { name: 'empty', type: { kind: 'string' }, nativeType: 'text', fidelity: 'exact' },
])

/** `n` rows from `start`: id, note, price and ref all distinct; status, tier, day, paid and sparse.code repeat. */
function batch(start: number, n: number): RecordBatch {
  const cols = {
    id: new Int64Column(),
    status: new Utf8Column(),
    note: new Utf8Column(),
    price: new DecimalColumn(12, 2),
    tier: new DecimalColumn(12, 2),
    day: new TimestampColumn('microsecond', null),
    ref: new UuidColumn(),
    paid: new BoolColumn(),
    code: new Utf8Column(),
    empty: new Utf8Column(),
  }
  const b = new BatchBuilder(SCHEMA, Object.values(cols))
  for (let i = start; i < start + n; i++) {
    cols.id.appendNumber(i)
    cols.status.append(['new', 'paid', 'shipped'][i % 3] ?? '')
    cols.note.append(`note number ${i}`)
    cols.price.appendText(`${i}.${i % 100}`)
    cols.tier.appendText(`${(i % 4) * 10}.00`)
    cols.day.appendMicros(1_700_000_000_000_000 + Math.floor(i / 5000) * 86_400_000_000)
    cols.ref.appendText(`00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`)
    cols.paid.append(i % 2 === 0)
    if (i % 9 === 0) cols.code.append(`C${i % 5}`)
    else cols.code.appendNull()
    cols.empty.appendNull()
    b.endRow()
  }
  return b.finish()
}

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('dictionaryColumns', () => {
  it('picks the columns whose first batch repeats its values, never booleans or all-NULL columns', () => {
    expect(dictionaryColumns(batch(0, 5000))).toEqual(['status', 'tier', 'day', 'sparse.code'])
  })

  it('judges a sliced batch by its own rows', () => {
    const sliced = batch(0, 10_000).slice(6000, 9000)
    expect(dictionaryColumns(sliced)).toEqual(['status', 'tier', 'day', 'sparse.code'])
  })

  it('a batch too small to show repetition gets no dictionary', () => {
    expect(dictionaryColumns(batch(0, 5))).toEqual([])
  })
})

describe('Parquet files', () => {
  it('dictionary-encode the chosen columns only, and read back the same values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rivet-dict-'))
    dirs.push(dir)
    const path = join(dir, 'out.parquet')
    const w = new ParquetWriter(SCHEMA, createWriteStream(path), { compression: 'zstd', maxRowGroupSize: 4000, createdBy: 'rivet' }, 'worker')
    await w.write(batch(0, 6000))
    await w.write(batch(6000, 6000))
    await w.finish()
    const meta = await query(
      `SELECT path_in_schema AS col, bool_or(dictionary_page_offset IS NOT NULL) AS dict FROM parquet_metadata('${path}') GROUP BY 1 ORDER BY 1`,
    )
    const withDictionary = meta.filter((m) => m.dict === true).map((m) => m.col)
    expect(withDictionary).toEqual(['day', 'sparse.code', 'status', 'tier'])
    const [row] = await query(
      `SELECT count(*)::INT AS n, count(DISTINCT status)::INT AS statuses, sum(id)::BIGINT AS ids, count("sparse.code")::INT AS codes FROM '${path}'`,
    )
    expect(row).toEqual({ n: 12_000, statuses: 3, ids: String((11_999 * 12_000) / 2), codes: 1334 })
  })
})
