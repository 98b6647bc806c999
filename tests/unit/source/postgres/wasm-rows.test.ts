import { Duplex } from 'node:stream'
import type { RecordBatch } from 'apache-arrow'
import { afterEach, describe, expect, it } from 'vitest'
import { BatchBuilder, type ColumnBuilder, createColumnBuilder, schemaFor } from '../../../../src/batch/index.js'
import type { DecodeContext } from '../../../../src/source/postgres/text-decode.js'
import { wireColumn } from '../../../../src/source/postgres/wire/field-decoders.js'
import { PG_WASM_ENV, pgWasmRows, pgWasmRowsDecoded } from '../../../../src/source/postgres/wire/wasm-rows.js'
import { rowHandler } from '../../../../src/source/postgres/wire/wire-fetcher.js'
import { WireSession } from '../../../../src/source/postgres/wire/wire-session.js'
import type { RivetType } from '../../../../src/types/index.js'
import { tableValues } from '../mysql/arrow-values.js'

// Offline: DataRow streams built here in PostgreSQL's binary format, decoded once with the
// wasm module in front of the per-field decoders and once with the per-field decoders alone.

type Value = Buffer | null
interface Col {
  readonly name: string
  readonly oid: number
  readonly type: RivetType
  readonly gen: (i: number, rnd: () => number) => Value
}

const be = (bytes: number, write: (b: Buffer) => void): Buffer => {
  const b = Buffer.alloc(bytes)
  write(b)
  return b
}
const i16 = (v: number): Buffer => be(2, (b) => b.writeInt16BE(v))
const i32 = (v: number): Buffer => be(4, (b) => b.writeInt32BE(v))
const i64 = (v: bigint): Buffer => be(8, (b) => b.writeBigInt64BE(v))

/** `numeric_send` of a decimal string: base-10000 groups around the point, dscale = fraction digits. */
function numeric(text: string): Buffer {
  const negative = text.startsWith('-')
  const [intPart = '0', frac = ''] = text.replace(/^[-+]/, '').split('.')
  const intPadded = intPart.padStart(Math.ceil(intPart.length / 4) * 4, '0')
  const fracPadded = frac.padEnd(Math.ceil(frac.length / 4) * 4, '0')
  const groups: number[] = []
  for (let k = 0; k < intPadded.length; k += 4) groups.push(Number(intPadded.slice(k, k + 4)))
  const intGroups = groups.length
  for (let k = 0; k < fracPadded.length; k += 4) groups.push(Number(fracPadded.slice(k, k + 4)))
  let weight = intGroups - 1
  while (groups.length > 0 && groups[0] === 0) {
    groups.shift()
    weight--
  }
  while (groups.length > 0 && groups[groups.length - 1] === 0) groups.pop()
  const out = Buffer.alloc(8 + groups.length * 2)
  out.writeInt16BE(groups.length, 0)
  out.writeInt16BE(groups.length === 0 ? 0 : weight, 2)
  out.writeUInt16BE(negative && groups.length > 0 ? 0x4000 : 0, 4)
  out.writeInt16BE(frac.length, 6)
  groups.forEach((g, k) => out.writeInt16BE(g, 8 + k * 2))
  return out
}

const digits = (rnd: () => number, n: number): string => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('')
const nullable = (gen: Col['gen'], every = 9): Col['gen'] => (i, rnd) => (i % every === 4 ? null : gen(i, rnd))

const COLS: readonly Col[] = [
  { name: 'b', oid: 16, type: { kind: 'bool' }, gen: nullable((i) => Buffer.from([i % 3 === 0 ? 1 : 0])) },
  { name: 'i2', oid: 21, type: { kind: 'int16' }, gen: nullable((i) => i16((i * 7919) % 65536 - 32768)) },
  { name: 'i4', oid: 23, type: { kind: 'int32' }, gen: (i) => i32(i * 104729 - 2 ** 30) },
  { name: 'i8', oid: 20, type: { kind: 'int64' }, gen: nullable((i) => i64(BigInt(i) * 922337203685477n * (i % 2 === 0 ? 1n : -1n))) },
  { name: 'o', oid: 26, type: { kind: 'int64' }, gen: (i) => be(4, (b) => b.writeUInt32BE((i * 2654435761) >>> 0)) },
  { name: 'f4', oid: 700, type: { kind: 'float32' }, gen: nullable((i) => be(4, (b) => b.writeFloatBE(i / 3))) },
  { name: 'f8', oid: 701, type: { kind: 'float64' }, gen: (i) => be(8, (b) => b.writeDoubleBE(i === 7 ? Number.NaN : i * 1e-7)) },
  {
    name: 'n10', oid: 1700, type: { kind: 'decimal', precision: 38, scale: 10 },
    // up to 8 integer digits with 10 fraction digits fits the module; every 23rd value has 25 and is handed back
    gen: nullable((i, rnd) => numeric(`${i % 2 === 0 ? '-' : ''}${digits(rnd, i % 23 === 0 ? 25 : (i % 8) + 1)}.${digits(rnd, (i % 14) + 1)}`), 11),
  },
  { name: 'n18', oid: 1700, type: { kind: 'decimal', precision: 20, scale: 18 }, gen: (i, rnd) => numeric(`${i % 3 === 0 ? '-' : ''}${i % 9}.${digits(rnd, 18)}`) },
  { name: 'n0', oid: 1700, type: { kind: 'decimal', precision: 18, scale: 0 }, gen: (i, rnd) => numeric(i % 5 === 0 ? '0' : `${digits(rnd, (i % 18) + 1)}.${digits(rnd, 3)}`) },
  { name: 'd', oid: 1082, type: { kind: 'date' }, gen: nullable((i) => i32(i * 37 - 800_000)) },
  { name: 't', oid: 1083, type: { kind: 'time', unit: 'microsecond' }, gen: (i) => i64(BigInt(i) * 86_399_999n % 86_400_000_000n) },
  {
    name: 'ts', oid: 1114, type: { kind: 'timestamp', unit: 'microsecond', timezone: null },
    // every 31st value is past what the shift to 1970 can hold in 64 bits: handed back
    gen: nullable((i) => i64(i % 31 === 0 ? 9_223_372_036_854_000_000n : BigInt(i - 500) * 86_400_000_123n)),
  },
  { name: 'u', oid: 2950, type: { kind: 'uuid' }, gen: nullable((i) => Buffer.from(i.toString(16).padStart(32, 'a'), 'hex'), 6) },
  { name: 'txt', oid: 25, type: { kind: 'string' }, gen: nullable((i) => Buffer.from(`r${i},"é"\n`.repeat(i % 5))) },
  { name: 'by', oid: 17, type: { kind: 'binary' }, gen: nullable((i) => Buffer.from(Array.from({ length: i % 40 }, (_, k) => (k * i) & 255)), 7) },
  { name: 'jb', oid: 3802, type: { kind: 'json' }, gen: (i) => Buffer.concat([Buffer.from([1]), Buffer.from(`{"i": ${i}}`)]) },
]

function message(type: string, body: Buffer): Buffer {
  const out = Buffer.alloc(5 + body.length)
  out.write(type, 0, 'latin1')
  out.writeInt32BE(4 + body.length, 1)
  body.copy(out, 5)
  return out
}

function dataRow(fields: readonly Value[]): Buffer {
  const parts = [i16(fields.length)]
  for (const f of fields) {
    parts.push(i32(f === null ? -1 : f.length))
    if (f !== null) parts.push(f)
  }
  return message('D', Buffer.concat(parts))
}

/** A seeded generator, so a failure reproduces. */
function prng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function stream(rows: number, seed: number, override?: (i: number, col: string) => Value | undefined): Buffer {
  const rnd = prng(seed)
  const msgs = [message('1', Buffer.alloc(0)), message('2', Buffer.alloc(0))]
  for (let i = 0; i < rows; i++) msgs.push(dataRow(COLS.map((c) => override?.(i, c.name) ?? c.gen(i, rnd))))
  msgs.push(message('C', Buffer.from(`FETCH ${rows}\0`)), message('Z', Buffer.from('T')))
  return Buffer.concat(msgs)
}

function fakeSocket(): Duplex {
  return new Duplex({
    read() {
      // data is delivered by emitting 'data' directly
    },
    write(_chunk: Buffer, _enc, cb) {
      cb()
    },
  })
}

/** Decodes `bytes` (delivered in chunks of the given sizes, cycled) through a WireSession. */
async function decode(bytes: Buffer, chunkSizes: readonly number[], bulk: boolean, maxValueBytes = 1000): Promise<RecordBatch> {
  const schema = schemaFor(COLS.map((c) => ({ name: c.name, type: c.type, nativeType: String(c.oid), fidelity: 'exact' as const })))
  const builders: ColumnBuilder[] = COLS.map((c) => createColumnBuilder(c.type))
  const batch = new BatchBuilder(schema, builders)
  const ctx = (name: string): DecodeContext => ({ column: name, maxValueBytes })
  const columns = COLS.map((c, k) => ({ oid: c.oid, builder: builders[k] as ColumnBuilder, ctx: ctx(c.name) }))
  const onRow = rowHandler(
    builders,
    columns.map((c) => wireColumn(c.oid, c.builder, c.ctx).decode),
    batch,
  )
  const fast = bulk ? pgWasmRows(columns, (n) => { batch.endRows(n); }) : undefined
  if (bulk) expect(fast).toBeDefined()
  const socket = fakeSocket()
  const session = new WireSession(socket)
  const done = session.request(Buffer.from('q'), onRow, fast)
  let k = 0
  for (let at = 0; at < bytes.length; k++) {
    const size = chunkSizes[k % chunkSizes.length] as number
    socket.emit('data', bytes.subarray(at, at + size))
    at += size
  }
  await done
  return batch.finish()
}

afterEach(() => {
  Reflect.deleteProperty(process.env, PG_WASM_ENV)
})

describe('PostgreSQL wasm rows (offline DataRow streams)', () => {
  it.each([
    ['one buffer', [1 << 30]],
    ['64 KiB reads', [65536]],
    ['odd reads that split rows and length words', [1, 3, 4093, 7, 65536, 333, 2]],
  ] as const)('decodes exactly what the per-field decoders do (%s)', async (_name, sizes) => {
    const bytes = stream(2500, 42)
    const before = pgWasmRowsDecoded()
    const wasm = await decode(bytes, sizes, true)
    const decoded = pgWasmRowsDecoded() - before
    const js = await decode(bytes, sizes, false)
    expect(wasm.numRows).toBe(2500)
    const w = tableValues([wasm])
    const j = tableValues([js])
    for (const c of COLS) expect(w[c.name], c.name).toEqual(j[c.name])
    // the rows handed back (a 25-digit numeric, a far timestamp) are a minority
    expect(decoded).toBeGreaterThan(2250)
    expect(decoded).toBeLessThan(2500)
    // known values, not only agreement
    expect(w.n10?.[4]).toBeNull()
    expect(w.n0?.[0]).toBe('0')
    expect(w.jb?.[12]).toBe('{"i": 12}')
  })

  it('a row larger than the 4 MiB window is handed back; the rows around it are decoded in bulk', async () => {
    const bytes = stream(600, 7, (i, col) => (i === 300 && col === 'txt' ? Buffer.alloc(6 * 1024 * 1024, 0x61) : undefined))
    const before = pgWasmRowsDecoded()
    const wasm = await decode(bytes, [bytes.length], true, 64 * 1024 * 1024)
    expect(pgWasmRowsDecoded() - before).toBeGreaterThan(500)
    const js = await decode(bytes, [bytes.length], false, 64 * 1024 * 1024)
    expect(tableValues([wasm])).toEqual(tableValues([js]))
    expect((tableValues([wasm]).txt?.[300] as string).length).toBe(6 * 1024 * 1024)
  })

  it('a value over the per-value ceiling is handed back, and the per-field decoder reports it', async () => {
    const bigText = COLS.map((c) => (c.name === 'txt' ? Buffer.alloc(2000, 120) : c.gen(1, prng(1))))
    const bytes = Buffer.concat([dataRow(COLS.map((c) => c.gen(0, prng(1)))), dataRow(bigText), message('Z', Buffer.from('T'))])
    const err = await decode(bytes, [bytes.length], true).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(String(err)).toMatch(/txt/)
  })

  it('RIVET_PG_WASM=0 switches the module off', () => {
    process.env[PG_WASM_ENV] = '0'
    const builders = [createColumnBuilder({ kind: 'int32' })]
    expect(pgWasmRows([{ oid: 23, builder: builders[0] as ColumnBuilder, ctx: { column: 'x', maxValueBytes: undefined } }], () => undefined)).toBeUndefined()
  })

  it('a column it does not decode (interval as text, nanosecond timestamps) leaves the export to the per-field path', () => {
    const ctx = { column: 'x', maxValueBytes: undefined }
    expect(pgWasmRows([{ oid: 1186, builder: createColumnBuilder({ kind: 'interval' }), ctx }], () => undefined)).toBeUndefined()
    expect(pgWasmRows([{ oid: 1114, builder: createColumnBuilder({ kind: 'timestamp', unit: 'nanosecond', timezone: null }), ctx }], () => undefined)).toBeUndefined()
    expect(pgWasmRows([{ oid: 1700, builder: createColumnBuilder({ kind: 'decimal', precision: 50, scale: 2 }), ctx }], () => undefined)).toBeUndefined()
  })
})
