import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import type { RecordBatch } from 'apache-arrow'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { BatchBuilder, Int64Column, schemaFor, Utf8Column } from '../../../../src/batch/index.js'
import type { EncoderOptions, FromEncoder } from '../../../../src/format/parquet/encoder.js'
import { startEncoder } from '../../../../src/format/parquet/encoder-host.js'
import { type EncoderMode, ParquetWriter } from '../../../../src/format/parquet/parquet-writer.js'
import { query } from './duckdb-reader.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rivet-pqw-'))
  dirs.push(dir)
  return join(dir, 'out.parquet')
}

const SCHEMA = schemaFor([
  { name: 'id', type: { kind: 'int64' }, nativeType: 'int8', fidelity: 'exact' },
  { name: 's', type: { kind: 'string' }, nativeType: 'text', fidelity: 'exact' },
])

function batch(start: number, n: number): RecordBatch {
  const id = new Int64Column()
  const s = new Utf8Column()
  const b = new BatchBuilder(SCHEMA, [id, s])
  for (let i = start; i < start + n; i++) {
    id.appendNumber(i)
    if (i % 7 === 0) s.appendNull()
    else s.append(`row ${i % 97}`)
    b.endRow()
  }
  return b.finish()
}

function options(rows = 1500, compression: EncoderOptions['compression'] = 'zstd'): EncoderOptions {
  return { compression, maxRowGroupSize: rows, createdBy: 'rivet', dictionaryColumns: ['s'] }
}

async function writeFile(mode: EncoderMode, batches: number, rowsPerBatch = 1000) {
  const path = tempFile()
  const w = new ParquetWriter(SCHEMA, createWriteStream(path), options(), mode)
  for (let i = 0; i < batches; i++) await w.write(batch(i * rowsPerBatch, rowsPerBatch))
  await w.finish()
  const place = w.encoderPlace
  expect(w.bytesWritten).toBe(statSync(path).size)
  expect(w.rowsWritten).toBe(batches * rowsPerBatch)
  return { path, place, bytes: readFileSync(path) }
}

/** OS threads of this process (Linux): a terminated worker thread is gone from the count. */
function threadCount(): number {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('Threads:'))
  return Number(line?.split(/\s+/)[1])
}

describe('Parquet encoding on a worker thread', () => {
  it('auto mode encodes on a worker (inline only for a file with no rows); all modes give the same bytes (AA.6)', async () => {
    expect((await writeFile('auto', 0)).place).toBe('inline')
    expect((await writeFile('auto', 1)).place).toBe('worker')
    const auto = await writeFile('auto', 7)
    expect(auto.place).toBe('worker')
    const worker = await writeFile('worker', 7)
    const inline = await writeFile('inline', 7)
    expect(inline.place).toBe('inline')
    expect(auto.bytes.equals(worker.bytes)).toBe(true)
    expect(inline.bytes.equals(worker.bytes)).toBe(true)
    const got = await query(`SELECT count(*)::INT n, sum(id)::VARCHAR s, count(s)::INT v FROM read_parquet('${auto.path}')`)
    expect(got).toEqual([{ n: 7000, s: String((7000 * 6999) / 2), v: 7000 - 1000 }])
    const groups = await query(`SELECT row_group_num_rows::INT n FROM parquet_metadata('${auto.path}') WHERE column_id = 0 ORDER BY row_group_id`)
    expect(groups.map((g) => g.n)).toEqual([1500, 1500, 1500, 1500, 1000])
  })

  it('writes an empty file from a worker', async () => {
    const empty = await writeFile('worker', 0)
    expect(empty.place).toBe('worker')
    expect(await query(`SELECT count(*)::INT n FROM read_parquet('${empty.path}')`)).toEqual([{ n: 0 }])
  })

  it('holds at most two batches in the encoder while the output is slow (backpressure)', async () => {
    const pending: (() => void)[] = []
    const slow = new Writable({
      highWaterMark: 1,
      write(_chunk, _enc, cb) {
        pending.push(cb)
      },
    })
    // uncompressed 1000-row groups are large enough to be emitted one by one
    const w = new ParquetWriter(SCHEMA, slow, options(1000, 'none'), 'worker')
    await w.write(batch(0, 1000))
    await w.write(batch(1000, 1000))
    // row group 1 is stuck in `slow`: by the fourth batch a write must wait for it
    let fourth = false
    const p = w
      .write(batch(2000, 1000))
      .then(() => w.write(batch(3000, 1000)))
      .then(() => {
        fourth = true
      })
    await vi.waitFor(() => {
      expect(pending.length).toBeGreaterThan(0)
    })
    await new Promise((r) => setTimeout(r, 200))
    expect(fourth).toBe(false)
    const release = setInterval(() => pending.shift()?.(), 5)
    try {
      await p
      await w.finish()
    } finally {
      clearInterval(release)
    }
    expect(w.rowsWritten).toBe(4000)
  })

  it('fails with RIVET_FORMAT_WRITE when the output is destroyed, and ends that thread', async () => {
    await writeFile('inline', 1) // warm up libuv's file threads so the count below is stable
    // two writers at once, so each has a thread of its own
    const other = new ParquetWriter(SCHEMA, createWriteStream(tempFile()), options(1000), 'worker')
    await other.write(batch(0, 1000))
    const out = createWriteStream(tempFile())
    const w = new ParquetWriter(SCHEMA, out, options(1000), 'worker')
    await w.write(batch(0, 1000))
    await w.write(batch(1000, 1000))
    const during = threadCount()
    out.destroy()
    await expect(
      (async () => {
        for (let i = 2; i < 50; i++) await w.write(batch(i * 1000, 1000))
      })(),
    ).rejects.toMatchObject({ code: 'RIVET_FORMAT_WRITE' })
    await expect(w.finish()).rejects.toMatchObject({ code: 'RIVET_FORMAT_WRITE' })
    await other.finish() // its thread goes back to the idle pool; the failed one is terminated
    await vi.waitFor(() => {
      expect(threadCount()).toBe(during - 1)
    })
  })

  it('abort() ends the encoder thread without writing a footer, and later writes fail', async () => {
    await writeFile('inline', 1) // warm up libuv's file threads so the count below is stable
    const other = new ParquetWriter(SCHEMA, createWriteStream(tempFile()), options(1000), 'worker')
    await other.write(batch(0, 1000))
    const path = tempFile()
    const out = createWriteStream(path)
    const w = new ParquetWriter(SCHEMA, out, options(1000), 'worker')
    await w.write(batch(0, 1000))
    const during = threadCount()
    await w.abort()
    await expect(w.write(batch(1000, 1000))).rejects.toMatchObject({ code: 'RIVET_FORMAT_WRITE' })
    await other.finish()
    await vi.waitFor(() => {
      expect(threadCount()).toBe(during - 1)
    })
    out.end()
    await new Promise<void>((r) => {
      out.once('close', () => {
        r()
      })
    })
    const bytes = readFileSync(path)
    expect(bytes.subarray(-4).toString('latin1')).not.toBe('PAR1') // no footer: the file is visibly incomplete
  })

  it('keeps a finished thread for the next file instead of starting another', async () => {
    await writeFile('worker', 2) // a thread is started and goes idle after finish
    const before = threadCount()
    for (let i = 0; i < 3; i++) await writeFile('worker', 2)
    expect(threadCount()).toBe(before)
  })

  it('reports an encoding failure from the worker as a failed message', async () => {
    const seen: FromEncoder[] = []
    const host = startEncoder('worker', options(), {
      message: (msg) => seen.push(msg),
      crash: (err) => {
        throw err
      },
    })
    try {
      host.post({ kind: 'batch', ipc: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) })
      await vi.waitFor(() => {
        expect(seen.some((m) => m.kind === 'failed')).toBe(true)
      })
      expect(seen.find((m) => m.kind === 'failed')).toMatchObject({ stage: 'encode' })
    } finally {
      await host.close(false)
    }
  })
})
