import { createWriteStream, readFileSync, statSync } from 'node:fs'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Writable } from 'node:stream'
import { Field, List, Int32, Schema, Decimal, Timestamp, TimeUnit, Utf8 } from 'apache-arrow'
import { afterEach, describe, expect, it } from 'vitest'
import { BatchBuilder, Float32Column, Float64Column, Int32Column, schemaFor, Utf8Column } from '../../../../src/batch/index.js'
import { RivetError } from '../../../../src/errors/index.js'
import { CsvFormat } from '../../../../src/format/csv/csv-format.js'
import { sampleBatch } from '../sample-batch.js'

const GOLDEN = join(import.meta.dirname, '../../../fixtures/golden/csv')
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function tempFile(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rivet-csv-'))
  dirs.push(dir)
  return join(dir, name)
}

async function writeCsv(batches: ReturnType<typeof sampleBatch>[], schema = batches[0]!.schema): Promise<{ path: string; bytes: number; rows: number }> {
  const path = tempFile('out.csv')
  const w = new CsvFormat().createWriter(schema, createWriteStream(path))
  for (const b of batches) await w.write(b)
  await w.finish()
  await w.finish() // idempotent
  return { path, bytes: w.bytesWritten, rows: w.rowsWritten }
}

function floats(values: number[], f32 = false): ReturnType<typeof sampleBatch> {
  const col = f32 ? new Float32Column() : new Float64Column()
  const b = new BatchBuilder(schemaFor([{ name: 'x', type: { kind: f32 ? 'float32' : 'float64' }, nativeType: 'x', fidelity: 'exact' }]), [col])
  for (const v of values) {
    col.append(v)
    b.endRow()
  }
  return b.finish()
}

describe('CsvFormat (G03)', () => {
  it('renders every type byte-exactly (golden)', async () => {
    const { path, bytes, rows } = await writeCsv([sampleBatch()])
    const got = readFileSync(path)
    if (process.env.RIVET_UPDATE_GOLDEN === '1') writeFileSync(join(GOLDEN, 'all-types.csv'), got)
    expect(got.toString('utf8')).toBe(readFileSync(join(GOLDEN, 'all-types.csv'), 'utf8'))
    expect(bytes).toBe(statSync(path).size)
    expect(rows).toBe(6)
  })

  it('renders floats as shortest round-trip text without exponent', async () => {
    const b64 = floats([1e100, 1e-7, 0.1, 1.5, -2.5e-10, 1e21, 123456789.125, 2 ** 60, Number.MIN_VALUE, 5e-324 * 3, -1e22])
    const { path } = await writeCsv([b64])
    const lines = readFileSync(path, 'utf8').split('\n')
    expect(lines.slice(1, -1)).toEqual([
      '1' + '0'.repeat(100),
      '0.0000001',
      '0.1',
      '1.5',
      '-0.00000000025',
      '1' + '0'.repeat(21),
      '123456789.125',
      '1152921504606847000',
      '0.' + '0'.repeat(323) + '5',
      '0.' + '0'.repeat(322) + '15',
      '-1' + '0'.repeat(22),
    ])
    const b32 = floats([0.1, 1.1, 3.4028234663852886e38, 1e-45, 123456789, 0.3, -16777216], true)
    const { path: p32 } = await writeCsv([b32])
    expect(readFileSync(p32, 'utf8').split('\n').slice(1, -1)).toEqual([
      '0.1',
      '1.1',
      '340282350000000000000000000000000000000',
      '0.000000000000000000000000000000000000000000001',
      '123456790',
      '0.3',
      '-16777216',
    ])
  })

  it('writes a header-only file for zero rows and counts rows back', async () => {
    const schema = sampleBatch().schema
    const { path, bytes } = await writeCsv([], schema)
    expect(readFileSync(path, 'utf8')).toBe('b,i16,i32,i64,u64,f32,f64,dec,s,j,bin,id,d,t,ts,tz\n')
    expect(bytes).toBe(statSync(path).size)
    expect(await new CsvFormat().countRows(path)).toBe(0)
    const full = await writeCsv([sampleBatch(), sampleBatch()])
    // one value holds a newline inside quotes: still 12 rows
    expect(await new CsvFormat().countRows(full.path)).toBe(12)
    expect(full.rows).toBe(12)
  })

  it('rejects unwritable columns, naming every one, before writing', () => {
    const schema = new Schema([
      new Field('ok', new Int32()),
      new Field('tags', new List(new Field('item', new Utf8(), true))),
      new Field('big', new Decimal(2, 60, 256)),
      new Field('ns', new Timestamp(TimeUnit.NANOSECOND, null)),
    ])
    const out = new PassThrough()
    let written = 0
    out.on('data', (c: Buffer) => (written += c.length))
    let err: unknown
    try {
      new CsvFormat().createWriter(schema, out)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(RivetError)
    expect((err as RivetError).code).toBe('RIVET_FORMAT_UNSUPPORTED_TYPE')
    expect((err as RivetError).message).toBe(
      "CSV cannot serialize column 'tags' (Arrow type List(Utf8)); " +
        "CSV cannot serialize column 'big' (Arrow type Decimal256(60, 2)); " +
        "CSV cannot serialize column 'ns' (Arrow type Timestamp(Nanosecond, None))",
    )
    expect(written).toBe(0)
  })

  it('waits for drain (backpressure) and counts bytes handed over', async () => {
    const chunks: Buffer[] = []
    let pending: (() => void) | undefined
    const slow = new Writable({
      highWaterMark: 16,
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk)
        pending = cb
      },
    })
    const col = new Int32Column()
    const b = new BatchBuilder(schemaFor([{ name: 'n', type: { kind: 'int32' }, nativeType: 'int4', fidelity: 'exact' }]), [col])
    for (let i = 0; i < 1000; i++) {
      col.append(i)
      b.endRow()
    }
    const w = new CsvFormat().createWriter(b.schema, slow)
    let resolved = false
    const p = w.write(b.finish()).then(() => (resolved = true))
    await new Promise((r) => setTimeout(r, 20))
    expect(resolved).toBe(false)
    const release = (): void => {
      const cb = pending
      pending = undefined
      cb?.()
    }
    while (!resolved) {
      release()
      await new Promise((r) => setTimeout(r, 1))
    }
    await p
    const fin = w.finish()
    release()
    await fin
    expect(Buffer.concat(chunks).length).toBe(w.bytesWritten)
    expect(Buffer.concat(chunks).toString().split('\n')[1000]).toBe('999')
  })

  it('fails the write when the output errors', async () => {
    const bad = new Writable({
      write(_c, _e, cb) {
        cb(new Error('disk full'))
      },
    })
    const col = new Utf8Column()
    const b = new BatchBuilder(schemaFor([{ name: 's', type: { kind: 'string' }, nativeType: 'text', fidelity: 'exact' }]), [col])
    col.append('x')
    b.endRow()
    const w = new CsvFormat().createWriter(b.schema, bad)
    await new Promise((r) => setTimeout(r, 5))
    await expect(w.write(b.finish())).rejects.toMatchObject({ code: 'RIVET_FORMAT_WRITE' })
    await expect(w.finish()).rejects.toMatchObject({ code: 'RIVET_FORMAT_WRITE' })
  })
})
