import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Schema } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { BatchBuilder, BoolColumn, type ColumnBuilder, DecimalColumn, Float64Column, Int64Column, TimestampColumn, Utf8Column } from '../../../../src/batch/index.js'
import { mysqlDecoder } from '../../../../src/source/mysql/decode.js'
import { MYSQL_TYPE } from '../../../../src/source/mysql/type-map.js'
import type { WireField, WirePacket } from '../../../../src/source/mysql/wire/mysql2-cell.js'
import { rowDecoder, type RowColumn } from '../../../../src/source/mysql/wire/row-decoder.js'
import { STOP, wasmRows } from '../../../../src/source/mysql/wire/wasm-rows.js'
import { arrowField } from '../../../../src/types/index.js'
import { tableValues } from './arrow-values.js'

/** mysql2's packet class: the per-cell path reads handed-back cells through it, as on a connection. */
const load = createRequire(import.meta.url)
const Packet = load(join(dirname(load.resolve('mysql2')), 'lib', 'packets', 'packet.js')) as new (id: number, buffer: Buffer, start: number, end: number) => WirePacket

const UTF8MB4 = 45
const field = (columnType: number, extra: Partial<WireField> = {}): WireField => ({ columnType, characterSet: UTF8MB4, flags: 0, decimals: 0, encoding: 'utf8', ...extra })

/** id BIGINT, s VARCHAR, d DECIMAL(12,2), t DATETIME(6), b TINYINT(1). */
function columns(maxValueBytes?: number): RowColumn[] {
  const defs: [string, WireField, ColumnBuilder][] = [
    ['id', field(MYSQL_TYPE.LONGLONG), new Int64Column()],
    ['s', field(MYSQL_TYPE.VAR_STRING), new Utf8Column()],
    ['d', field(MYSQL_TYPE.NEWDECIMAL, { decimals: 2 }), new DecimalColumn(12, 2)],
    ['t', field(MYSQL_TYPE.DATETIME, { decimals: 6 }), new TimestampColumn('microsecond', null)],
    ['b', field(MYSQL_TYPE.TINY), new BoolColumn()],
  ]
  return defs.map(([column, f, builder]) => ({ field: f, builder, column, maxValueBytes, decode: mysqlDecoder(builder, { column, maxValueBytes, nativeType: undefined }) }))
}

type Cell = Buffer | null
const lenEnc = (b: Buffer): Buffer => Buffer.concat([b.length < 251 ? Buffer.from([b.length]) : Buffer.from([0xfc, b.length & 0xff, b.length >> 8]), b])
const i64 = (v: bigint): Buffer => {
  const b = Buffer.alloc(8)
  b.writeBigInt64LE(v)
  return b
}
const dateTime = (y: number, mo: number, d: number, h: number, mi: number, s: number, us: number): Buffer => {
  const b = Buffer.alloc(12)
  b[0] = 11
  b.writeUInt16LE(y, 1)
  b[3] = mo
  b[4] = d
  b[5] = h
  b[6] = mi
  b[7] = s
  b.writeUInt32LE(us, 8)
  return b
}

/** One binary-protocol row packet (header, 0x00, NULL bitmap with its 2-bit offset, cells). */
function rowPacket(seq: number, cells: Cell[], trailing = Buffer.alloc(0)): Buffer {
  const bitmap = Buffer.alloc((cells.length + 9) >> 3)
  cells.forEach((c, i) => {
    if (c === null) bitmap[(i + 2) >> 3] = (bitmap[(i + 2) >> 3] as number) | (1 << ((i + 2) & 7))
  })
  const payload = Buffer.concat([Buffer.from([0]), bitmap, ...cells.filter((c): c is Buffer => c !== null), trailing])
  return Buffer.concat([Buffer.from([payload.length & 0xff, (payload.length >> 8) & 0xff, payload.length >> 16, seq]), payload])
}

const plain = (i: number): Cell[] => [i64(BigInt(i) * 1_000_000_007n - 5n), lenEnc(Buffer.from(`row ${i} ${'é'.repeat(i % 7)}`)), lenEnc(Buffer.from(`${i % 3 === 0 ? '-' : ''}${i}.5`)), dateTime(2024, 2, 29, i % 24, i % 60, 59, i * 17), Buffer.from([i % 2])]

/** Rows the per-cell path must take: a zero date, a 20-digit decimal, a long string, a malformed cell, trailing bytes. */
const ODD: Cell[][] = [
  [i64(1n), lenEnc(Buffer.from('zero date')), lenEnc(Buffer.from('1.00')), Buffer.from([0]), Buffer.from([1])],
  [i64(2n), lenEnc(Buffer.from('wide')), lenEnc(Buffer.from('1234567890123456789.25')), null, null],
  [i64(3n), lenEnc(Buffer.from('x'.repeat(300))), null, dateTime(1, 1, 1, 0, 0, 0, 1), Buffer.from([7])],
  [null, null, null, null, null],
]

function decodeAll(wire: Buffer, cols: RowColumn[], bulk: boolean, maxRows = 1_000_000): { values: Record<string, unknown[]>; stops: number[]; seq: number } {
  const batch = new BatchBuilder(new Schema(cols.map((c) => arrowField(c.column, c.builder.type, { nativeType: 'test', fidelity: 'exact' }))), cols.map((c) => c.builder))
  const { decode } = rowDecoder(cols, true)
  const rows = bulk ? wasmRows(cols, true) : undefined
  if (bulk) expect(rows).toBeDefined()
  const stops: number[] = []
  let at = 0
  let seq = -1
  while (wire.length - at >= 4) {
    if (rows !== undefined) {
      const taken = rows.decode(wire, at, wire.length, maxRows)
      batch.endRows(taken.rows)
      stops.push(taken.stop)
      if (taken.seq !== -1) seq = taken.seq
      at = taken.next
      if (wire.length - at < 4) break
    }
    const len = wire.readUIntLE(at, 3)
    if (wire[at + 4] === 0xfe) break
    decode(new Packet(wire[at + 3] as number, wire, at, at + 4 + len))
    batch.endRow()
    seq = wire[at + 3] as number
    at += 4 + len
  }
  return { values: tableValues([batch.finish()]), stops, seq }
}

const EOF = Buffer.from([5, 0, 0, 0, 0xfe, 0, 0, 0x22, 0])

describe('MySQL rows decoded in wasm (binary protocol)', () => {
  it('decodes plain rows and NULLs exactly as the per-cell decoder, handing odd rows back one at a time', () => {
    const packets: Buffer[] = []
    let seq = 5
    for (let i = 0; i < 300; i++) {
      packets.push(rowPacket(seq++ & 0xff, i % 50 === 7 ? (ODD[((i / 50) | 0) % ODD.length] as Cell[]) : plain(i)))
      if (i % 37 === 0) packets.push(rowPacket(seq++ & 0xff, plain(i), Buffer.from([1, 2]))) // trailing bytes: per-cell path
    }
    const wire = Buffer.concat([...packets, EOF])
    const cells = decodeAll(wire, columns(), false)
    const wasm = decodeAll(wire, columns(), true)
    expect(wasm.values).toEqual(cells.values)
    expect(wasm.values.id).toHaveLength(packets.length)
    expect(wasm.seq).toBe(cells.seq)
    expect(wasm.stops).toContain(STOP.slow)
    expect(wasm.stops.at(-1)).toBe(STOP.other) // the EOF packet
  })

  it('stops at the row budget and at a packet cut short by the end of the chunk', () => {
    const wire = Buffer.concat(Array.from({ length: 10 }, (_, i) => rowPacket(i, plain(i))))
    const rows = wasmRows(columns(), true)
    const first = rows?.decode(wire, 0, wire.length, 4)
    expect(first).toMatchObject({ rows: 4, seq: 3, stop: STOP.end })
    const cut = rows?.decode(wire, first?.next ?? 0, wire.length - 3, 100)
    expect(cut).toMatchObject({ rows: 5, seq: 8, stop: STOP.end })
    expect(wire.length - (cut?.next ?? 0)).toBe(wire.length - wire.lastIndexOf(rowPacket(9, plain(9))))
  })

  it('hands a value over the per-value ceiling to the per-cell path (which raises the error)', () => {
    const wire = Buffer.concat([rowPacket(1, plain(1)), rowPacket(2, [i64(9n), lenEnc(Buffer.from('y'.repeat(200))), null, null, null])])
    const rows = wasmRows(columns(100), true)
    expect(rows?.decode(wire, 0, wire.length, 100)).toMatchObject({ rows: 1, stop: STOP.slow })
    expect(() => decodeAll(wire, columns(100), true)).toThrow(/column 's'/)
  })

  it('is not used for a column type it does not decode in that protocol', () => {
    expect(wasmRows(columns(), false)).toBeDefined()
    const time = columns()
    const builder = new Utf8Column()
    time.push({ field: field(MYSQL_TYPE.TIME), builder, column: 'tm', maxValueBytes: undefined, decode: mysqlDecoder(builder, { column: 'tm', maxValueBytes: undefined, nativeType: undefined }) })
    expect(wasmRows(time, true)).toBeUndefined()
    const float = columns()
    const f = new Float64Column()
    float.push({ field: field(MYSQL_TYPE.DOUBLE), builder: f, column: 'f', maxValueBytes: undefined, decode: mysqlDecoder(f, { column: 'f', maxValueBytes: undefined, nativeType: undefined }) })
    expect(wasmRows(float, true)).toBeDefined()
    expect(wasmRows(float, false)).toBeUndefined()
  })
})
