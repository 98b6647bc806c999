import type { Data } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import {
  BinaryColumn,
  BoolColumn,
  DateColumn,
  DecimalColumn,
  Float32Column,
  Float64Column,
  Int32Column,
  Int64Column,
  ListColumn,
  TimeColumn,
  TimestampColumn,
  UInt64Column,
  Utf8Column,
  UuidColumn,
} from '../../../src/batch/index.js'
import { ByteBuffer, cellRender, nullTest } from '../../../src/enrich/index.js'

const decoder = new TextDecoder()

function shown(data: Data): string[] {
  const render = cellRender(data)
  const isNull = nullTest(data)
  const out: string[] = []
  const buf = new ByteBuffer(8)
  for (let i = 0; i < data.length; i++) {
    buf.reset()
    if (isNull?.(i) === true) out.push('<null>')
    else {
      render(buf, i)
      out.push(decoder.decode(buf.view()))
    }
  }
  return out
}

describe('cellRender (arrow-rs display text)', () => {
  it('floats follow ryu: .0 on integers, scientific outside the plain range', () => {
    const c = new Float64Column()
    for (const v of [1, 0.1, -0, 0, 1e16, 9999999999999998, 1.5e-7, 123456.789, 0.00001, 1e-6, 2.5e-5, 1.2345678901234567e19, NaN, Infinity, -Infinity, 1e300, -2.5, 1e21])
      c.append(v)
    expect(shown(c.finish())).toEqual([
      '1.0', '0.1', '-0.0', '0.0', '1e16', '9999999999999998.0', '1.5e-7', '123456.789', '0.00001', '1e-6', '0.000025',
      '1.2345678901234567e19', 'NaN', 'inf', '-inf', '1e300', '-2.5', '1e21',
    ])
  })

  it('float32 uses the shortest float32 digits and its own plain range', () => {
    const c = new Float32Column()
    for (const v of [1.5, 0.1, 16777216, 1e13, 123456789, 1e-6, 1e-7, 3.4028234663852886e38, 1234567.9]) c.append(v)
    expect(shown(c.finish())).toEqual(['1.5', '0.1', '16777216.0', '1e13', '123456790.0', '0.000001', '1e-7', '3.4028235e38', '1234567.9'])
  })

  it('integers, booleans and 64-bit extremes', () => {
    const i = new Int64Column()
    i.appendNumber(-42)
    i.append(-(1n << 63n))
    i.append(1n << 62n)
    const u = new UInt64Column()
    u.append((1n << 64n) - 1n)
    const b = new BoolColumn()
    b.append(true)
    b.append(false)
    b.appendNull()
    const n = new Int32Column()
    n.append(-7)
    expect(shown(i.finish())).toEqual(['-42', '-9223372036854775808', '4611686018427387904'])
    expect(shown(u.finish())).toEqual(['18446744073709551615'])
    expect(shown(b.finish())).toEqual(['true', 'false', '<null>'])
    expect(shown(n.finish())).toEqual(['-7'])
  })

  it('decimals at their scale, 128 and 256 bits', () => {
    const d = new DecimalColumn(10, 2)
    for (const t of ['123.45', '-0.05', '0', '-12345678.9']) d.appendText(t)
    const wide = new DecimalColumn(60, 3)
    wide.appendText('-123456789012345678901234567890123456789012345.678')
    wide.appendText('1.5')
    const whole = new DecimalColumn(38, 0)
    whole.appendText('170141183460469231731687303715884105727')
    expect(shown(d.finish())).toEqual(['123.45', '-0.05', '0.00', '-12345678.90'])
    expect(shown(wide.finish())).toEqual(['-123456789012345678901234567890123456789012345.678', '1.500'])
    expect(shown(whole.finish())).toEqual(['170141183460469231731687303715884105727'])
  })

  it('dates, times and timestamps as chrono prints them', () => {
    const d = new DateColumn()
    for (const v of [0, -719528, 2932897, -719893, 19675]) d.appendDays(v)
    expect(shown(d.finish())).toEqual(['1970-01-01', '0000-01-01', '+10000-01-01', '-0001-01-01', '2023-11-14'])

    const t = new TimeColumn('microsecond')
    for (const v of [0, 3723_500_000, 1, 86_399_999_999]) t.appendMicros(v)
    expect(shown(t.finish())).toEqual(['00:00:00', '01:02:03.500', '00:00:00.000001', '23:59:59.999999'])

    const naive = new TimestampColumn('microsecond', null)
    naive.appendMicros(1_700_000_000_123_456)
    naive.appendMicros(-1)
    naive.appendMicros(1_700_000_000_000_000)
    expect(shown(naive.finish())).toEqual(['2023-11-14T22:13:20.123456', '1969-12-31T23:59:59.999999', '2023-11-14T22:13:20'])

    const utc = new TimestampColumn('microsecond', 'UTC')
    utc.appendMicros(1_700_000_000_120_000)
    expect(shown(utc.finish())).toEqual(['2023-11-14T22:13:20.120Z'])

    const ns = new TimestampColumn('nanosecond', 'UTC')
    ns.appendNanos(1_700_000_000_123_456_789n)
    expect(shown(ns.finish())).toEqual(['2023-11-14T22:13:20.123456789Z'])

    const offset = new TimestampColumn('microsecond', '+05:30')
    offset.appendMicros(1_700_000_000_123_456)
    expect(shown(offset.finish())).toEqual(['2023-11-15T03:43:20.123456+05:30'])

    const berlin = new TimestampColumn('second', 'Europe/Berlin')
    berlin.appendMicros(1_700_000_000_000_000)
    berlin.appendMicros(1_690_000_000_000_000)
    expect(shown(berlin.finish())).toEqual(['2023-11-14T23:13:20+01:00', '2023-07-22T06:26:40+02:00'])
  })

  it('second and nanosecond time units, negative offsets, pre-epoch dates', () => {
    const secs = new TimeColumn('second')
    secs.appendMicros(3_661_000_000)
    const nanos = new TimeColumn('nanosecond')
    nanos.appendMicros(1_000_001)
    expect(shown(secs.finish())).toEqual(['01:01:01'])
    expect(shown(nanos.finish())).toEqual(['00:00:01.000001'])
    const west = new TimestampColumn('millisecond', '-03:00')
    west.appendMicros(5_000)
    const old = new TimestampColumn('microsecond', null)
    old.appendMicros(-62_135_596_800_000_000n) // 0001-01-01
    old.appendMicros(-62_167_219_200_000_001n) // one µs before 0000-01-01
    expect(shown(west.finish())).toEqual(['1969-12-31T21:00:00.005-03:00'])
    expect(shown(old.finish())).toEqual(['0001-01-01T00:00:00', '-0001-12-31T23:59:59.999999'])
    const tiny = new DecimalColumn(5, 5)
    tiny.appendText('-0.00012')
    expect(shown(tiny.finish())).toEqual(['-0.00012'])
  })

  it('binary and UUIDs as lowercase hex, lists with empty NULL elements', () => {
    const bin = new BinaryColumn()
    bin.append(new Uint8Array([0xde, 0xad, 0x00, 0x0f]))
    bin.append(new Uint8Array(0))
    const id = new UuidColumn()
    id.appendText('0123456789AB-CDEF-0123-456789abcdef')
    expect(shown(bin.finish())).toEqual(['dead000f', ''])
    expect(shown(id.finish())).toEqual(['0123456789abcdef0123456789abcdef'])

    const inner = new Int32Column()
    const list = new ListColumn({ kind: 'int32' }, inner)
    list.startList()
    inner.append(1)
    inner.appendNull()
    inner.append(3)
    list.endList()
    list.startList()
    list.endList()
    list.appendNull()
    const words = new Utf8Column()
    const texts = new ListColumn({ kind: 'string' }, words)
    texts.startList()
    words.append('a b')
    texts.endList()
    expect(shown(list.finish())).toEqual(['[1, , 3]', '[]', '<null>'])
    expect(shown(texts.finish())).toEqual(['[a b]'])
  })
})
