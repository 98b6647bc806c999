import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { Field, Int32, IntervalDayTime, Null, Schema, tableFromIPC, type RecordBatch } from 'apache-arrow'
import { readParquet } from 'parquet-wasm'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  BatchBuilder,
  BinaryColumn,
  DecimalColumn,
  Int32Column,
  Int64Column,
  ListColumn,
  schemaFor,
  Utf8Column,
} from '../../../../src/batch/index.js'
import { RivetError } from '../../../../src/errors/index.js'
import { readFooter } from '../../../../src/format/parquet/parquet-footer.js'
import { createFormat } from '../../../../src/format/registry.js'
import type { Compression, OutputPlan, ParquetPlan } from '../../../../src/plan/run-plan.js'
import { readDecimalLE } from '../../../../src/types/decimal.js'
import { sampleBatch } from '../sample-batch.js'
import { query } from './duckdb-reader.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rivet-pq-'))
  dirs.push(dir)
  return join(dir, 'out.parquet')
}

function plan(compression: Compression = 'zstd', parquet?: ParquetPlan, level?: number): OutputPlan {
  const defaults: Partial<Record<Compression, number>> = { zstd: 3, gzip: 6 }
  return {
    format: 'parquet',
    compression,
    compressionLevel: level ?? defaults[compression],
    maxFileSizeBytes: undefined,
    skipEmpty: false,
    parquet,
  }
}

async function writeParquet(batches: RecordBatch[], output = plan(), schema = batches[0]!.schema) {
  const path = tempFile()
  const format = createFormat(output)
  const w = format.createWriter(schema, createWriteStream(path))
  for (const b of batches) await w.write(b)
  await w.finish()
  await w.finish()
  return { path, format, bytes: w.bytesWritten, rows: w.rowsWritten }
}

/** Lists, wide decimals and big text: the types CSV cannot take. */
function extrasBatch(): RecordBatch {
  const tagChild = new Utf8Column()
  const numChild = new Int32Column()
  const tags = new ListColumn({ kind: 'string' }, tagChild)
  const nums = new ListColumn({ kind: 'int32' }, numChild)
  const wide = new DecimalColumn(76, 20)
  const big = new Utf8Column()
  const blob = new BinaryColumn()
  const schema = schemaFor([
    { name: 'tags', type: { kind: 'list', inner: { kind: 'string' } }, nativeType: 'text[]', fidelity: 'compatible' },
    { name: 'nums', type: { kind: 'list', inner: { kind: 'int32' } }, nativeType: 'int4[]', fidelity: 'compatible' },
    { name: 'wide', type: { kind: 'decimal', precision: 76, scale: 20 }, nativeType: 'numeric(76,20)', fidelity: 'exact' },
    { name: 'big', type: { kind: 'string' }, nativeType: 'text', fidelity: 'exact' },
    { name: 'blob', type: { kind: 'binary' }, nativeType: 'bytea', fidelity: 'exact' },
  ])
  const b = new BatchBuilder(schema, [tags, nums, wide, big, blob])
  tags.startList()
  tagChild.append('a')
  tagChild.appendNull()
  tagChild.append('日本')
  tags.endList()
  nums.startList()
  numChild.appendNull()
  numChild.append(-5)
  nums.endList()
  wide.appendText('9'.repeat(56) + '.' + '9'.repeat(20))
  big.append('x'.repeat(100 * 1024))
  blob.append(new Uint8Array([0, 0, 0]))
  b.endRow()
  tags.appendNull()
  nums.startList()
  nums.endList()
  wide.appendText('-1.00000000000000000001')
  big.append('')
  blob.appendNull()
  b.endRow()
  return b.finish()
}

describe('ParquetFormat (G01)', () => {
  it('round-trips every scalar type exactly (DuckDB read-back)', async () => {
    const { path, bytes, rows, format } = await writeParquet([sampleBatch()])
    expect(bytes).toBe(statSync(path).size)
    expect(rows).toBe(6)
    expect(await format.countRows(path)).toBe(6)
    const got = await query(`SELECT b, i16, i32, i64::VARCHAR i64, u64::VARCHAR u64, f32::VARCHAR f32, f64::VARCHAR f64,
      "dec"::VARCHAR "dec", s, j, hex(bin) bin, hex(id) id, d::VARCHAR d, t::VARCHAR t, epoch_us(ts)::VARCHAR ts,
      epoch_us(tz)::VARCHAR tz, typeof(u64) tu, typeof(tz) ttz FROM read_parquet('${path}')`)
    expect(got[0]).toEqual({
      b: true,
      i16: -32768,
      i32: 2147483647,
      i64: '-9223372036854775808',
      u64: '18446744073709551615',
      f32: '0.1',
      f64: '3.141592653589793',
      dec: '9999999999999999999999999999.9999999999',
      s: 'plain',
      j: '{"a": [1, 2]}',
      bin: 'DEAD00EF',
      id: 'A0EEBC999C0B4EF8BB6D6BB9BD380A11',
      d: '2024-01-01',
      t: '12:34:56.000001',
      ts: '1704067200123456',
      tz: '-1',
      tu: 'UBIGINT',
      ttz: 'TIMESTAMP WITH TIME ZONE',
    })
    expect(got[1]).toMatchObject({ s: 'say "hi", ok\nbye\r', j: '', bin: '', f32: 'nan', dec: '-0.0000000001' })
    expect(Object.values(got[2]!).slice(0, 16).every((v) => v === null)).toBe(true)
    expect(got[3]).toMatchObject({ s: 'ünïcødé 日本 🎉', i64: '9223372036854775807', u64: '9007199254740993', f32: 'inf' })
    expect(got[4]).toMatchObject({ s: '', f64: '-0.0', bin: '00' })
  })

  it('round-trips lists with NULL elements, decimal(76,20), 100 KB strings, zero bytes', async () => {
    const { path } = await writeParquet([extrasBatch()])
    const got = await query(
      `SELECT tags, nums, length(big) big, hex(blob) blob, big = '' empty FROM read_parquet('${path}')`,
    )
    expect(got).toEqual([
      { tags: ['a', null, '日本'], nums: [null, -5], big: '102400', blob: '000000', empty: false },
      { tags: null, nums: [], big: '0', blob: null, empty: true },
    ])
    // DuckDB cannot hold 76 digits; read the decimal back through Arrow instead
    const table = tableFromIPC(readParquet(readFileSync(path)).intoIPCStream())
    const wide = table.getChild('wide')!.data[0]!
    const raw = wide.values as Uint32Array
    const bytes = new Uint8Array(raw.buffer, raw.byteOffset, 64)
    expect(readDecimalLE(bytes, 0, 32)).toBe(10n ** 76n - 1n)
    expect(readDecimalLE(bytes, 32, 32)).toBe(-100000000000000000001n)
  })

  it('writes created_by rivet, the codec, and keeps field metadata', async () => {
    const { path } = await writeParquet([sampleBatch()], plan('zstd'))
    const meta = await query(`SELECT created_by, num_rows::INT n FROM parquet_file_metadata('${path}')`)
    expect(meta).toEqual([{ created_by: 'rivet', n: 6 }])
    // rivet's own footer reader (countRows, the post-write check) agrees with DuckDB
    expect(await readFooter(path)).toEqual({ numRows: 6, createdBy: 'rivet' })
    const codecs = await query(`SELECT DISTINCT compression FROM parquet_metadata('${path}')`)
    expect(codecs).toEqual([{ compression: 'ZSTD' }])
    const schema = tableFromIPC(readParquet(readFileSync(path)).intoIPCStream()).schema
    const id = schema.fields.find((f) => f.name === 'id')!
    expect(Object.fromEntries(id.metadata)).toEqual({
      'rivet.native_type': 'uuid',
      'rivet.fidelity': 'exact',
      'rivet.logical_type': 'uuid',
      'ARROW:extension:name': 'arrow.uuid',
    })
    expect(schema.fields.find((f) => f.name === 'j')!.metadata.get('rivet.logical_type')).toBe('json')
  })

  it.each<[Compression, string]>([
    ['gzip', 'GZIP'],
    ['snappy', 'SNAPPY'],
    ['lz4', 'LZ4_RAW'],
    ['none', 'UNCOMPRESSED'],
  ])('codec %s is written as %s', async (compression, shown) => {
    const { path } = await writeParquet([sampleBatch()], plan(compression))
    const codecs = await query(`SELECT DISTINCT compression FROM parquet_metadata('${path}')`)
    expect(codecs).toEqual([{ compression: shown }])
    expect((await query(`SELECT count(*)::INT n FROM read_parquet('${path}')`))[0]).toEqual({ n: 6 })
  })

  it('is byte-deterministic for the same rows (AA.6)', async () => {
    const a = await writeParquet([sampleBatch(), sampleBatch()])
    const b = await writeParquet([sampleBatch(), sampleBatch()])
    expect(readFileSync(a.path).equals(readFileSync(b.path))).toBe(true)
    const c = await writeParquet([extrasBatch()])
    const d = await writeParquet([extrasBatch()])
    expect(readFileSync(c.path).equals(readFileSync(d.path))).toBe(true)
  })

  it('writes a valid 0-row file with the schema', async () => {
    const schema = sampleBatch().schema
    const { path, bytes, format } = await writeParquet([], plan(), schema)
    expect(bytes).toBe(statSync(path).size)
    expect(await format.countRows(path)).toBe(0)
    const cols = await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${path}'))`)
    expect(cols.map((c) => c.column_name)).toEqual(schema.fields.map((f) => f.name))
    expect(cols.find((c) => c.column_name === 'dec')).toEqual({ column_name: 'dec', column_type: 'DECIMAL(38,10)' })
  })

  it('streams row groups out before finish (bounded memory)', async () => {
    const rowsPerBatch = 1000
    const output = plan('none', { rowGroupStrategy: 'fixed_rows', rowGroupRows: 1500, targetRowGroupMb: 128, maxRowGroupMb: undefined })
    const path = tempFile()
    const w = createFormat(output).createWriter(int64Batch(0, 1).schema, createWriteStream(path))
    for (let i = 0; i < 4; i++) await w.write(int64Batch(i * rowsPerBatch, rowsPerBatch))
    // the encoder runs on a worker thread: the first row groups reach the file before finish()
    await vi.waitFor(() => {
      expect(w.bytesWritten).toBeGreaterThan(0)
    })
    const beforeFinish = w.bytesWritten
    await w.finish()
    expect(w.bytesWritten).toBeGreaterThan(beforeFinish)
    expect(w.bytesWritten).toBe(statSync(path).size)
    const groups = await query(
      `SELECT row_group_id::INT g, row_group_num_rows::INT n FROM parquet_metadata('${path}') ORDER BY 1`,
    )
    expect(groups).toEqual([
      { g: 0, n: 1500 },
      { g: 1, n: 1500 },
      { g: 2, n: 1000 },
    ])
    const sum = await query(`SELECT sum(v)::VARCHAR s, count(*)::INT n FROM read_parquet('${path}')`)
    expect(sum).toEqual([{ s: String((4000 * 3999) / 2), n: 4000 }])
  })

  it('uses ~1M-row groups without a parquet block and sizes auto groups from the schema', async () => {
    const { path } = await writeParquet([int64Batch(0, 3000)], plan('snappy'))
    expect(await query(`SELECT count(*)::INT g FROM parquet_metadata('${path}')`)).toEqual([{ g: 1 }])
    const auto = await writeParquet(
      [int64Batch(0, 3000)],
      plan('snappy', { rowGroupStrategy: 'auto', rowGroupRows: undefined, targetRowGroupMb: 128, maxRowGroupMb: 0.01 }),
    )
    // max_row_group_mb 0.01 → 10485 bytes / 9-byte rows = 1165 rows per group
    const groups = await query(`SELECT row_group_num_rows::INT n FROM parquet_metadata('${auto.path}') ORDER BY row_group_id`)
    expect(groups.map((g) => g.n)).toEqual([1165, 1165, 670])
  })

  it('fails the write when the output stream errors', async () => {
    const broken = new Writable({
      write(_c, _e, cb) {
        cb(new Error('disk full'))
      },
    })
    const output = plan('none', { rowGroupStrategy: 'fixed_rows', rowGroupRows: 1000, targetRowGroupMb: 128, maxRowGroupMb: undefined })
    const w = createFormat(output).createWriter(int64Batch(0, 1).schema, broken)
    await expect(
      (async () => {
        for (let i = 0; i < 5; i++) await w.write(int64Batch(i * 1000, 1000))
        await w.finish()
      })(),
    ).rejects.toMatchObject({ code: 'RIVET_FORMAT_WRITE' })
  })
})

describe('ParquetFormat notes (AA.7) and checks', () => {
  it('reports a compression level it cannot apply, and column logical types', () => {
    expect(createFormat(plan('zstd')).notes).toEqual([])
    expect(createFormat(plan('gzip')).notes).toEqual([])
    const f = createFormat(plan('zstd', undefined, 9))
    expect(f.notes).toEqual([
      'parquet: `compression_level: 9` cannot be applied by the Parquet writer; zstd is written at level 3 instead',
    ])
    f.assertWritable(sampleBatch().schema)
    expect(f.notes).toHaveLength(3)
    expect(f.notes[1]).toContain("uuid column(s) 'id' are written as FIXED_LEN_BYTE_ARRAY(16)")
    expect(f.notes[2]).toContain("json column(s) 'j' are written as UTF-8 strings")
    f.assertWritable(sampleBatch().schema)
    expect(f.notes).toHaveLength(3)
  })

  it('CSV through the registry has no notes', () => {
    const csv = createFormat({ ...plan('none'), format: 'csv' })
    expect(csv.extension).toBe('csv')
    expect(csv.notes).toEqual([])
  })

  it('countRows rejects a file that is not Parquet', async () => {
    const path = tempFile()
    await new Promise<void>((resolve) => createWriteStream(path).end('not parquet at all', resolve))
    await expect(createFormat(plan()).countRows(path)).rejects.toBeInstanceOf(RivetError)
  })
})

function int64Batch(start: number, n: number): RecordBatch {
  const v = new Int64Column()
  const b = new BatchBuilder(schemaFor([{ name: 'v', type: { kind: 'int64' }, nativeType: 'int8', fidelity: 'exact' }]), [v])
  for (let i = 0; i < n; i++) {
    v.appendNumber(start + i)
    b.endRow()
  }
  return b.finish()
}

describe('abandoned writers', () => {
  it('fails pending work when the output is destroyed mid-file', async () => {
    const path = tempFile()
    const out = createWriteStream(path)
    const output = plan('none', { rowGroupStrategy: 'fixed_rows', rowGroupRows: 1000, targetRowGroupMb: 128, maxRowGroupMb: undefined })
    const w = createFormat(output).createWriter(int64Batch(0, 1).schema, out)
    await w.write(int64Batch(0, 500))
    out.destroy()
    await new Promise((r) => setTimeout(r, 10))
    await expect(w.write(int64Batch(500, 500))).rejects.toMatchObject({ code: 'RIVET_FORMAT_WRITE' })
    await expect(w.finish()).rejects.toMatchObject({ code: 'RIVET_FORMAT_WRITE' })
  })
})

describe('schema checks', () => {
  it('rejects a batch whose columns differ from the file schema', async () => {
    const path = tempFile()
    const w = createFormat(plan()).createWriter(sampleBatch().schema, createWriteStream(path))
    await expect(w.write(int64Batch(0, 3))).rejects.toMatchObject({ code: 'RIVET_INTERNAL' })
    const csv = createFormat({ ...plan('none'), format: 'csv' }).createWriter(sampleBatch().schema, createWriteStream(tempFile()))
    await expect(csv.write(int64Batch(0, 3))).rejects.toMatchObject({ code: 'RIVET_INTERNAL' })
    await csv.finish()
  })

  it('assertWritable names columns Parquet cannot take', () => {
    const schema = new Schema([new Field('ok', new Int32()), new Field('n', new Null()), new Field('iv', new IntervalDayTime())])
    let err: unknown
    try {
      createFormat(plan()).assertWritable(schema)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(RivetError)
    expect((err as RivetError).code).toBe('RIVET_FORMAT_UNSUPPORTED_TYPE')
    expect((err as RivetError).message).toMatch(/column 'n'.*column 'iv'/)
  })
})
