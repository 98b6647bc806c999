import { Type } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import {
  BinaryColumn,
  BoolColumn,
  createColumnBuilder,
  DateColumn,
  DecimalColumn,
  Float32Column,
  Float64Column,
  Int16Column,
  Int32Column,
  Int64Column,
  ListColumn,
  TimeColumn,
  TimestampColumn,
  UInt64Column,
  Utf8Column,
  UuidColumn,
} from '../../../src/batch/index.js'
import { makeVector } from 'apache-arrow'
import { readDecimalLE } from '../../../src/types/decimal.js'
import { RivetError } from '../../../src/errors/index.js'

function values(data: Parameters<typeof makeVector>[0]): unknown[] {
  return Array.from(makeVector(data) as Iterable<unknown>)
}

function valuesWithNulls<T>(data: Parameters<typeof makeVector>[0]): (T | null)[] {
  const v = makeVector(data)
  return Array.from({ length: v.length }, (_, i) => v.get(i) as T | null)
}

describe('fixed-width builders', () => {
  it('bool keeps values and nulls', () => {
    const c = new BoolColumn(2)
    c.append(true)
    c.appendNull()
    c.append(false)
    for (let i = 0; i < 20; i++) c.append(i % 3 === 0)
    const d = c.finish()
    expect(d.length).toBe(23)
    expect(d.nullCount).toBe(1)
    const got = valuesWithNulls<boolean>(d)
    expect(got.slice(0, 3)).toEqual([true, null, false])
    expect(got.slice(3)).toEqual(Array.from({ length: 20 }, (_, i) => i % 3 === 0))
    expect(c.length).toBe(0)
  })

  it('int16 / int32 / float32 / float64 / date', () => {
    const a = new Int16Column(1)
    a.append(-32768)
    a.append(32767)
    a.appendNull()
    expect(valuesWithNulls(a.finish())).toEqual([-32768, 32767, null])
    const b = new Int32Column(1)
    b.append(-2147483648)
    b.append(2147483647)
    expect(values(b.finish())).toEqual([-2147483648, 2147483647])
    const f = new Float32Column()
    f.append(1.5)
    f.append(Number.NaN)
    expect(values(f.finish())).toEqual([1.5, Number.NaN])
    const g = new Float64Column()
    g.append(-0)
    g.append(Number.POSITIVE_INFINITY)
    g.appendNull()
    const gv = valuesWithNulls<number>(g.finish())
    expect(Object.is(gv[0], -0)).toBe(true)
    expect(gv.slice(1)).toEqual([Number.POSITIVE_INFINITY, null])
    const d = new DateColumn()
    d.appendDays(-719162)
    d.appendDays(2932896)
    const data = d.finish()
    expect(data.type.typeId).toBe(Type.Date)
    expect(Array.from(data.values)).toEqual([-719162, 2932896])
  })

  it('grows far past the initial capacity', () => {
    const c = new Int32Column(16)
    for (let i = 0; i < 100_000; i++) {
      if (i % 7 === 0) c.appendNull()
      else c.append(i)
    }
    const d = c.finish()
    expect(d.length).toBe(100_000)
    expect(d.nullCount).toBe(Math.ceil(100_000 / 7))
    const v = valuesWithNulls<number>(d)
    expect(v[99_999]).toBe(99_999)
    expect(v[99_995]).toBe(null)
  })

  it('finish resets the builder for the next batch', () => {
    const c = new Int32Column()
    c.append(1)
    c.appendNull()
    const first = c.finish()
    c.append(7)
    const second = c.finish()
    expect(valuesWithNulls(first)).toEqual([1, null])
    expect(valuesWithNulls(second)).toEqual([7])
    expect(second.nullCount).toBe(0)
    expect(c.finish().length).toBe(0)
  })
})

describe('64-bit builders', () => {
  it('int64 from bigint, safe numbers and exact text', () => {
    const c = new Int64Column(2)
    c.append(-(1n << 63n))
    c.append((1n << 63n) - 1n)
    c.appendNumber(-1)
    c.appendNumber(Number.MAX_SAFE_INTEGER)
    c.appendNumber(-4294967296)
    c.appendText('9223372036854775807')
    c.appendText('-9007199254740993')
    c.appendText('+42')
    c.appendNull()
    expect(valuesWithNulls(c.finish())).toEqual([
      -(1n << 63n),
      (1n << 63n) - 1n,
      -1n,
      9007199254740991n,
      -4294967296n,
      9223372036854775807n,
      -9007199254740993n,
      42n,
      null,
    ])
    expect(() => {
      c.appendText('9223372036854775808')
    }).toThrow(RivetError)
    expect(() => {
      c.appendText('12abc')
    }).toThrow(/cannot parse '12abc' as int64/)
  })

  it('uint64 keeps the full range', () => {
    const c = new UInt64Column()
    c.append(18446744073709551615n)
    c.appendText('18446744073709551615')
    c.appendNumber(4294967297)
    c.appendText('0')
    expect(values(c.finish())).toEqual([18446744073709551615n, 18446744073709551615n, 4294967297n, 0n])
    expect(() => {
      c.appendText('-1')
    }).toThrow(RivetError)
  })

  it('timestamps convert to the column unit, flooring before 1970', () => {
    const us = new TimestampColumn('microsecond', 'UTC')
    us.appendMicros(1_700_000_000_123_456)
    us.appendMicros(-1n)
    us.appendNanos(-1500n)
    const d = us.finish()
    expect(d.type.toString()).toContain('MICROSECOND')
    expect(Array.from(d.values)).toEqual([1_700_000_000_123_456n, -1n, -2n])
    const ns = new TimestampColumn('nanosecond', null)
    ns.appendMicros(1_700_000_000_123_456)
    ns.appendNanos(5n)
    expect(Array.from(ns.finish().values)).toEqual([1_700_000_000_123_456_000n, 5n])
    const ms = new TimestampColumn('millisecond', null)
    ms.appendMicros(-1)
    ms.appendMicros(1999n)
    expect(Array.from(ms.finish().values)).toEqual([-1n, 1n])
  })

  it('time64 microseconds', () => {
    const t = new TimeColumn()
    t.appendMicros(86_399_999_999)
    t.appendNull()
    const d = t.finish()
    expect(d.type.typeId).toBe(Type.Time)
    expect((d.values as BigInt64Array)[0]).toBe(86_399_999_999n)
    expect(d.nullCount).toBe(1)
  })
})

describe('DecimalColumn', () => {
  function decoded(col: DecimalColumn): bigint[] {
    const width = col.precision <= 38 ? 16 : 32
    const d = col.finish()
    const bytes = new Uint8Array((d.values).buffer, (d.values).byteOffset, d.length * width)
    return Array.from({ length: d.length }, (_, i) => readDecimalLE(bytes, i * width, width))
  }

  it('decimal(38,10) extremes and truncation', () => {
    const c = new DecimalColumn(38, 10)
    c.appendText('9999999999999999999999999999.9999999999')
    c.appendText('-9999999999999999999999999999.9999999999')
    c.appendText('1.23456789019')
    c.appendText('-0.5')
    c.appendText('1.5E+3')
    c.appendScaled(-1)
    c.appendScaled(123n)
    c.appendText('0')
    expect(decoded(c)).toEqual([
      99999999999999999999999999999999999999n,
      -99999999999999999999999999999999999999n,
      12345678901n,
      -5000000000n,
      15000000000000n,
      -1n,
      123n,
      0n,
    ])
  })

  it('decimal(76,20) uses 256-bit storage', () => {
    const c = new DecimalColumn(76, 20)
    const max = '9'.repeat(56) + '.' + '9'.repeat(20)
    c.appendText(max)
    c.appendText('-' + max)
    c.appendText('-1.00000000000000000001')
    c.appendNull()
    expect(c.finish().type.toString()).toBe('Decimal[76e+20]')
    const again = new DecimalColumn(76, 20)
    again.appendText(max)
    again.appendText('-' + max)
    again.appendText('-1.00000000000000000001')
    expect(decoded(again)).toEqual([10n ** 76n - 1n, -(10n ** 76n - 1n), -100000000000000000001n])
  })

  it('rejects NaN and garbage with RIVET_DECIMAL_PARSE', () => {
    const c = new DecimalColumn(10, 2)
    for (const bad of ['NaN', 'Infinity', '', '1.2.3', 'abc', '-']) {
      let err: unknown
      try {
        c.appendText(bad)
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(RivetError)
      expect((err as RivetError).code).toBe('RIVET_DECIMAL_PARSE')
      expect((err as RivetError).message).toBe(`cannot parse DECIMAL '${bad}' as decimal(10,2)`)
    }
    expect(c.length).toBe(0)
  })

  it('rejects values wider than 128 bits', () => {
    const c = new DecimalColumn(38, 0)
    expect(() => {
      c.appendText('1' + '0'.repeat(39))
    }).toThrow(RivetError)
  })
})

describe('variable-width builders', () => {
  it('utf8: ascii, multibyte, long, empty vs null, wire bytes', () => {
    const c = new Utf8Column()
    const long = 'ж'.repeat(50_000)
    c.append('hello')
    c.append('')
    c.appendNull()
    c.append('héllo wörld – 日本語 🎉')
    c.append(long)
    c.append('a🎉')
    const wire = new TextEncoder().encode('xx∑yy')
    c.appendUtf8(wire, 2, 5)
    expect(valuesWithNulls(c.finish())).toEqual(['hello', '', null, 'héllo wörld – 日本語 🎉', long, 'a🎉', '∑'])
  })

  it('binary with zero bytes and slices', () => {
    const c = new BinaryColumn()
    c.append(new Uint8Array([0, 0, 1, 0]))
    c.append(new Uint8Array([9, 8, 7, 6]), 1, 3)
    c.append(new Uint8Array(0))
    c.appendNull()
    const big = new Uint8Array(1000).map((_, i) => i % 256)
    c.append(big)
    const got = valuesWithNulls<Uint8Array>(c.finish())
    expect(got.map((b) => (b === null ? null : Array.from(b)))).toEqual([[0, 0, 1, 0], [8, 7], [], null, Array.from(big)])
  })

  it('uuid from bytes and text', () => {
    const c = new UuidColumn()
    const raw = new Uint8Array(20).map((_, i) => i)
    c.appendBytes(raw, 2)
    c.appendText('{A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11}')
    c.appendText('a0eebc999c0b4ef8bb6d6bb9bd380a11')
    c.appendNull()
    const d = c.finish()
    const bytes = d.values
    expect(Array.from(bytes.subarray(0, 16))).toEqual(Array.from(raw.subarray(2, 18)))
    const hex = Buffer.from(bytes.subarray(16, 32)).toString('hex')
    expect(hex).toBe('a0eebc999c0b4ef8bb6d6bb9bd380a11')
    expect(Buffer.from(bytes.subarray(32, 48)).toString('hex')).toBe(hex)
    expect(d.nullCount).toBe(1)
    expect(() => {
      c.appendText('not-a-uuid')
    }).toThrow(RivetError)
    expect(() => {
      c.appendText('a0eebc999c0b4ef8bb6d6bb9bd380a1')
    }).toThrow(RivetError)
  })
})

describe('ListColumn', () => {
  it('keeps NULL elements and NULL lists', () => {
    const list = createColumnBuilder({ kind: 'list', inner: { kind: 'int32' } })
    if (!(list instanceof ListColumn)) throw new Error('expected a ListColumn')
    const child = list.child
    if (!(child instanceof Int32Column)) throw new Error('expected an Int32Column child')
    list.startList()
    child.append(1)
    child.appendNull()
    child.append(3)
    list.endList()
    list.appendNull()
    list.startList()
    list.endList()
    list.startList()
    child.append(4)
    list.endList()
    const v = makeVector(list.finish())
    const rows = Array.from({ length: v.length }, (_, i) => {
      const x = v.get(i) as { toArray(): unknown } | null
      return x === null ? null : Array.from(x as unknown as Iterable<unknown>)
    })
    expect(rows).toEqual([[1, null, 3], null, [], [4]])
  })
})

describe('createColumnBuilder', () => {
  it('covers every supported kind and rejects unsupported', () => {
    const kinds = [
      { kind: 'bool' },
      { kind: 'int16' },
      { kind: 'int32' },
      { kind: 'int64' },
      { kind: 'uint64' },
      { kind: 'float32' },
      { kind: 'float64' },
      { kind: 'decimal', precision: 12, scale: 2 },
      { kind: 'date' },
      { kind: 'time', unit: 'microsecond' },
      { kind: 'timestamp', unit: 'microsecond', timezone: null },
      { kind: 'string' },
      { kind: 'binary' },
      { kind: 'json' },
      { kind: 'uuid' },
      { kind: 'enum' },
      { kind: 'interval' },
      { kind: 'list', inner: { kind: 'string' } },
    ] as const
    for (const t of kinds) {
      const b = createColumnBuilder(t)
      expect(b.type).toEqual(t)
      b.appendNull()
      expect(b.finish().nullCount).toBe(1)
    }
    expect(() => createColumnBuilder({ kind: 'unsupported', nativeType: 'geometry', reason: 'PostGIS' })).toThrow(RivetError)
  })
})
