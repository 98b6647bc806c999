import type { RecordBatch } from 'apache-arrow'
import {
  BatchBuilder,
  BinaryColumn,
  BoolColumn,
  type ColumnBuilder,
  DateColumn,
  DecimalColumn,
  Float32Column,
  Float64Column,
  Int16Column,
  Int32Column,
  Int64Column,
  schemaFor,
  type SchemaColumn,
  TimeColumn,
  TimestampColumn,
  UInt64Column,
  Utf8Column,
  UuidColumn,
} from '../../../../src/batch/index.js'

// Random Arrow batches of every CSV-serializable type, with the edge values of each renderer path.

/** Deterministic PRNG (mulberry32) so a failure reproduces from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export type Rand = () => number
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T
export const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1))
/** A uniformly random signed 64-bit integer. */
const i64 = (r: Rand): bigint => BigInt.asIntN(64, (BigInt(int(r, 0, 0xffffffff)) << 32n) | BigInt(int(r, 0, 0xffffffff)))
export const DAY = 86_400_000_000n
/** 10^k − 1, 10^k and 10^k + 1 with k up to `maxExp`, either sign: every digit-count boundary. */
function nearPowerOfTen(r: Rand, maxExp: number, signed = true): bigint {
  const v = 10n ** BigInt(int(r, 0, maxExp)) + BigInt(int(r, -1, 1))
  return signed && r() < 0.5 ? -v : v
}
const TEXT = ['', 'a', 'plain', 'say "hi"', 'a,b', 'line\nbreak', 'cr\r', '"', ',', 'ünïcødé 日本 🎉', 'x'.repeat(95), 'y'.repeat(96), 'z,'.repeat(200), 'q"'.repeat(70)]

export interface Spec {
  column: SchemaColumn
  /** A fresh builder and the function that appends one random value to it. */
  create: () => { builder: ColumnBuilder; fill: (r: Rand) => void }
}
export const col = (name: string, type: SchemaColumn['type'], nativeType = name): SchemaColumn => ({ name, type, nativeType, fidelity: 'exact' })
function spec<C extends ColumnBuilder>(column: SchemaColumn, create: () => C, fill: (c: C, r: Rand) => void): Spec {
  return {
    column,
    create: () => {
      const builder = create()
      return {
        builder,
        fill: (r) => {
          fill(builder, r)
        },
      }
    },
  }
}

export const SPECS: Spec[] = [
  spec(col('b', { kind: 'bool' }), () => new BoolColumn(), (c, r) => {
    c.append(r() < 0.5)
  }),
  spec(col('i16', { kind: 'int16' }), () => new Int16Column(), (c, r) => {
    c.append(pick(r, [-32768, 32767, 0, -1, int(r, -32768, 32767)]))
  }),
  spec(col('i32', { kind: 'int32' }), () => new Int32Column(), (c, r) => {
    c.append(pick(r, [-2147483648, 2147483647, 0, 9, 10, 99, 100, -10, int(r, -2147483648, 2147483647), int(r, -999, 999), Number(nearPowerOfTen(r, 9))]))
  }),
  spec(col('i64', { kind: 'int64' }), () => new Int64Column(), (c, r) => {
    c.append(pick(r, [i64(r), -(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n, -(2n ** 53n), 2n ** 53n - 1n, BigInt(int(r, -1e6, 1e6)), 4294967296n, -4294967296n, 2147483648n, nearPowerOfTen(r, 18)]))
  }),
  spec(col('u64', { kind: 'uint64' }), () => new UInt64Column(), (c, r) => {
    c.append(pick(r, [BigInt.asUintN(64, i64(r)), 2n ** 64n - 1n, 0n, 2n ** 53n, 2n ** 53n - 1n, 2n ** 32n, nearPowerOfTen(r, 19, false)]))
  }),
  spec(col('f32', { kind: 'float32' }), () => new Float32Column(), (c, r) => {
    c.append(pick(r, [Number.NaN, Infinity, -Infinity, -0, 0, 16777216, -16777217, 0.1, (r() - 0.5) * 1e6, int(r, -1000, 1000), 1e-45, 3.4e38]))
  }),
  spec(col('f64', { kind: 'float64' }), () => new Float64Column(), (c, r) => {
    c.append(pick(r, [Number.NaN, Infinity, -Infinity, -0, 0, 16777215, 16777216, -16777216, 2 ** 60, 5e-324, -2.2250738585072014e-308, 1.7976931348623157e308, (r() - 0.5) * 10 ** int(r, -30, 30), int(r, -99999, 99999), Number(nearPowerOfTen(r, 22))]))
  }),
  spec(col('dec2', { kind: 'decimal', precision: 12, scale: 2 }), () => new DecimalColumn(12, 2), (c, r) => {
    c.appendScaled(pick(r, [0, 1, -1, 99, -100, 10, int(r, -1e11, 1e11), int(r, -999, 999), Number(nearPowerOfTen(r, 11))]))
  }),
  spec(col('dec38', { kind: 'decimal', precision: 38, scale: 10 }), () => new DecimalColumn(38, 10), (c, r) => {
    c.appendScaled(pick(r, [0n, -1n, 10n ** 38n - 1n, -(10n ** 38n - 1n), 2n ** 53n, -(2n ** 53n), 2n ** 53n - 1n, -(2n ** 53n - 1n), BigInt(int(r, -1e15, 1e15)), i64(r), i64(r) * i64(r), nearPowerOfTen(r, 37)]))
  }),
  spec(col('dec0', { kind: 'decimal', precision: 18, scale: 0 }), () => new DecimalColumn(18, 0), (c, r) => {
    c.appendScaled(pick(r, [0, -5, int(r, -1e15, 1e15), Number(nearPowerOfTen(r, 15))]))
  }),
  spec(col('dec30', { kind: 'decimal', precision: 38, scale: 30 }), () => new DecimalColumn(38, 30), (c, r) => {
    c.appendScaled(pick(r, [0n, 1n, -1n, BigInt(int(r, -1e15, 1e15)), 10n ** 30n, -(10n ** 37n), nearPowerOfTen(r, 37)]))
  }),
  spec(col('s', { kind: 'string' }), () => new Utf8Column(), (c, r) => {
    c.append(pick(r, TEXT))
  }),
  spec(col('plain', { kind: 'string' }), () => new Utf8Column(), (c, r) => {
    c.append('p'.repeat(int(r, 0, 140)))
  }),
  spec(col('bin', { kind: 'binary' }), () => new BinaryColumn(), (c, r) => {
    c.append(Uint8Array.from({ length: int(r, 0, 40) }, () => int(r, 0, 255)))
  }),
  spec(col('id', { kind: 'uuid' }), () => new UuidColumn(), (c, r) => {
    c.appendBytes(Uint8Array.from({ length: 16 }, () => pick(r, [0, 255, int(r, 0, 255)])), 0)
  }),
  spec(col('d', { kind: 'date' }), () => new DateColumn(), (c, r) => {
    c.appendDays(pick(r, [0, -1, -719528, -719529, 2932896, 2932897, 11017, int(r, -2147483648, 2147483647), int(r, -800000, 3000000), int(r, 19000, 19010)]))
  }),
  spec(col('t', { kind: 'time', unit: 'microsecond' }), () => new TimeColumn(), (c, r) => {
    c.appendMicros(pick(r, [0, 86_399_999_999, 86_400_000_000, 359_999_999_999, 360_000_000_000, int(r, 0, 86_399_999_999), int(r, 0, 2 ** 52), Number(nearPowerOfTen(r, 6, false)) * 3_600_000_000]))
  }),
  spec(col('ts', { kind: 'timestamp', unit: 'microsecond', timezone: null }), () => new TimestampColumn('microsecond', null), (c, r) => {
    c.appendMicros(timestamp(r))
  }),
  spec(col('tz', { kind: 'timestamp', unit: 'microsecond', timezone: 'UTC' }), () => new TimestampColumn('microsecond', 'UTC'), (c, r) => {
    c.appendMicros(timestamp(r))
  }),
]

/** Timestamps around day boundaries, pre-1970 fractions, years beyond 0–9999, the 2^53 seam, runs within one day. */
export function timestamp(r: Rand): bigint {
  const day = BigInt(int(r, -800000, 3000000))
  return pick(r, [
    i64(r),
    -(2n ** 63n),
    2n ** 63n - 1n,
    2n ** 53n,
    2n ** 53n - 1n,
    -(2n ** 53n),
    -(2n ** 53n) - 1n,
    -1n,
    0n,
    day * DAY,
    day * DAY - 1n,
    day * DAY + BigInt(int(r, 0, 86_399_999_999)),
    BigInt(int(r, -2e15, 2e15)),
    1_735_689_600_000_000n + BigInt(int(r, 0, 3 * 86_400_000_000)),
  ])
}

export function randomBatch(seed: number, rows: number, specs: Spec[]): RecordBatch {
  const r = rng(seed)
  const cols = specs.map((s) => s.create())
  const b = new BatchBuilder(
    schemaFor(specs.map((s) => s.column)),
    cols.map((c) => c.builder),
  )
  const nullRate = pick(r, [0, 0, 0.1, 0.5, 1])
  for (let i = 0; i < rows; i++) {
    for (const c of cols) {
      if (r() < nullRate) c.builder.appendNull()
      else c.fill(r)
    }
    b.endRow()
  }
  return b.finish()
}

