import { Writable } from 'node:stream'
import type { RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { BatchBuilder, schemaFor, TimestampColumn, Utf8Column } from '../../../../src/batch/index.js'
import { CsvFormat } from '../../../../src/format/csv/csv-format.js'
import { referenceCsv } from './csv-reference.js'
import { col, DAY, int, pick, randomBatch, rng, SPECS, timestamp } from './random-batches.js'

async function render(batches: RecordBatch[]): Promise<string> {
  const chunks: Buffer[] = []
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk)
      cb()
    },
  })
  const w = new CsvFormat().createWriter((batches[0] as RecordBatch).schema, out)
  for (const b of batches) await w.write(b)
  await w.finish()
  return Buffer.concat(chunks).toString('utf8')
}

const header = (b: RecordBatch): string => `${b.schema.fields.map((f) => f.name).join(',')}\n`

describe('CSV encoder against a reference renderer (property)', () => {
  it('matches on randomized batches of every type', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const batch = randomBatch(seed, pick(rng(seed * 7), [1, 3, 200, 1500]), SPECS)
      expect(await render([batch]), `seed ${seed}`).toBe(header(batch) + referenceCsv(batch))
    }
  })

  it('matches column by column (one type per batch, so null layouts differ)', async () => {
    for (const [k, spec] of SPECS.entries()) {
      const batch = randomBatch(1000 + k, 3000, [spec])
      expect(await render([batch]), spec.column.name).toBe(header(batch) + referenceCsv(batch))
    }
  })

  it('matches on sliced batches (nonzero Arrow offsets)', async () => {
    const batch = randomBatch(4242, 500, SPECS)
    const parts = [batch.slice(0, 7), batch.slice(7, 333), batch.slice(333)]
    expect(await render(parts)).toBe(header(batch) + parts.map(referenceCsv).join(''))
  })

  it('renders a run of same-day timestamps and then a jump back correctly (day cache)', async () => {
    const ts = new TimestampColumn('microsecond', null)
    const b = new BatchBuilder(schemaFor([col('ts', { kind: 'timestamp', unit: 'microsecond', timezone: null })]), [ts])
    const values = [0n, 1n, DAY - 1n, DAY, -1n, -DAY, -DAY - 1n, 2n ** 53n - 1n, 2n ** 53n, 5n, 5n, -(2n ** 53n), -(2n ** 53n) + 1n, 6n]
    for (const v of values) {
      ts.appendMicros(v)
      b.endRow()
    }
    const batch = b.finish()
    expect(await render([batch])).toBe(
      'ts\n1970-01-01T00:00:00.000000\n1970-01-01T00:00:00.000001\n1970-01-01T23:59:59.999999\n1970-01-02T00:00:00.000000\n' +
        '1969-12-31T23:59:59.999999\n1969-12-31T00:00:00.000000\n1969-12-30T23:59:59.999999\n2255-06-05T23:47:34.740991\n' +
        '2255-06-05T23:47:34.740992\n1970-01-01T00:00:00.000005\n1970-01-01T00:00:00.000005\n1684-07-28T00:12:25.259008\n' +
        '1684-07-28T00:12:25.259009\n1970-01-01T00:00:00.000006\n',
    )
  })

  it('matches on timestamp runs that stay in, cross and jump back across minutes and days (day text cache)', async () => {
    const r = rng(77)
    const ts = new TimestampColumn('microsecond', 'UTC')
    const b = new BatchBuilder(schemaFor([col('ts', { kind: 'timestamp', unit: 'microsecond', timezone: 'UTC' })]), [ts])
    let v = -86_400_000_000n * 3n - 59_999_999n
    for (let i = 0; i < 20_000; i++) {
      if (r() < 0.05) ts.appendNull()
      else ts.appendMicros(v)
      b.endRow()
      const step = pick(r, [1n, 999_999n, 1_000_000n, 59_999_999n, 60_000_000n, BigInt(int(r, 0, 90_000_000)), -BigInt(int(r, 0, 90_000_000)), DAY, -DAY, 0n])
      v = r() < 0.001 ? timestamp(r) : v + step
    }
    const batch = b.finish()
    expect(await render([batch])).toBe(header(batch) + referenceCsv(batch))
  })

  it('keeps NULL and the empty string both as empty fields, in every position', async () => {
    const s = new Utf8Column()
    const t = new Utf8Column()
    const b = new BatchBuilder(schemaFor([col('a', { kind: 'string' }), col('b', { kind: 'string' })]), [s, t])
    for (const [x, y] of [['', null], [null, ''], [null, null], ['', ''], ['x', null]] as const) {
      if (x === null) s.appendNull()
      else s.append(x)
      if (y === null) t.appendNull()
      else t.append(y)
      b.endRow()
    }
    expect(await render([b.finish()])).toBe('a,b\n,\n,\n,\n,\nx,\n')
  })
})
