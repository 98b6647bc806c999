import type { RecordBatch } from 'apache-arrow'
import {
  BatchBuilder,
  BinaryColumn,
  BoolColumn,
  DateColumn,
  DecimalColumn,
  Float32Column,
  Float64Column,
  Int16Column,
  Int32Column,
  Int64Column,
  schemaFor,
  TimeColumn,
  TimestampColumn,
  UInt64Column,
  Utf8Column,
  UuidColumn,
} from '../../../src/batch/index.js'

/** One column of every CSV-writable type; row 2 is all NULL. Shared by the CSV and Parquet tests. */
export function sampleBatch(): RecordBatch {
  const b = new BoolColumn()
  const i16 = new Int16Column()
  const i32 = new Int32Column()
  const i64 = new Int64Column()
  const u64 = new UInt64Column()
  const f32 = new Float32Column()
  const f64 = new Float64Column()
  const dec = new DecimalColumn(38, 10)
  const s = new Utf8Column()
  const j = new Utf8Column({ kind: 'json' })
  const bin = new BinaryColumn()
  const id = new UuidColumn()
  const d = new DateColumn()
  const t = new TimeColumn()
  const ts = new TimestampColumn('microsecond', null)
  const tz = new TimestampColumn('microsecond', 'UTC')
  const cols = [b, i16, i32, i64, u64, f32, f64, dec, s, j, bin, id, d, t, ts, tz]
  const schema = schemaFor([
    { name: 'b', type: { kind: 'bool' }, nativeType: 'bool', fidelity: 'exact' },
    { name: 'i16', type: { kind: 'int16' }, nativeType: 'int2', fidelity: 'exact' },
    { name: 'i32', type: { kind: 'int32' }, nativeType: 'int4', fidelity: 'exact' },
    { name: 'i64', type: { kind: 'int64' }, nativeType: 'int8', fidelity: 'exact' },
    { name: 'u64', type: { kind: 'uint64' }, nativeType: 'bigint unsigned', fidelity: 'exact' },
    { name: 'f32', type: { kind: 'float32' }, nativeType: 'float4', fidelity: 'exact' },
    { name: 'f64', type: { kind: 'float64' }, nativeType: 'float8', fidelity: 'exact' },
    { name: 'dec', type: { kind: 'decimal', precision: 38, scale: 10 }, nativeType: 'numeric(38,10)', fidelity: 'exact' },
    { name: 's', type: { kind: 'string' }, nativeType: 'text', fidelity: 'exact' },
    { name: 'j', type: { kind: 'json' }, nativeType: 'jsonb', fidelity: 'logical_string' },
    { name: 'bin', type: { kind: 'binary' }, nativeType: 'bytea', fidelity: 'exact' },
    { name: 'id', type: { kind: 'uuid' }, nativeType: 'uuid', fidelity: 'exact' },
    { name: 'd', type: { kind: 'date' }, nativeType: 'date', fidelity: 'exact' },
    { name: 't', type: { kind: 'time', unit: 'microsecond' }, nativeType: 'time', fidelity: 'exact' },
    { name: 'ts', type: { kind: 'timestamp', unit: 'microsecond', timezone: null }, nativeType: 'timestamp', fidelity: 'exact' },
    { name: 'tz', type: { kind: 'timestamp', unit: 'microsecond', timezone: 'UTC' }, nativeType: 'timestamptz', fidelity: 'exact' },
  ])
  const batch = new BatchBuilder(schema, cols)
  // row 0: ordinary values
  b.append(true)
  i16.append(-32768)
  i32.append(2147483647)
  i64.appendText('-9223372036854775808')
  u64.append(18446744073709551615n)
  f32.append(0.1)
  f64.append(3.141592653589793)
  dec.appendText('9999999999999999999999999999.9999999999')
  s.append('plain')
  j.append('{"a": [1, 2]}')
  bin.append(new Uint8Array([0xde, 0xad, 0x00, 0xef]))
  id.appendText('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')
  d.appendDays(19723) // 2024-01-01
  t.appendMicros(45_296_000_001) // 12:34:56.000001
  ts.appendMicros(1_704_067_200_123_456) // 2024-01-01T00:00:00.123456
  tz.appendMicros(-1) // 1969-12-31T23:59:59.999999
  batch.endRow()
  // row 1: edge values
  b.append(false)
  i16.append(0)
  i32.append(-1)
  i64.appendNumber(0)
  u64.appendNumber(0)
  f32.append(Number.NaN)
  f64.append(1e100)
  dec.appendText('-0.0000000001')
  s.append('say "hi", ok\nbye\r')
  j.append('')
  bin.append(new Uint8Array(0))
  id.appendText('{00000000-0000-0000-0000-000000000000}')
  d.appendDays(-719528) // 0000-01-01
  t.appendMicros(0)
  ts.appendMicros(253_402_300_799_999_999n) // 9999-12-31T23:59:59.999999
  tz.appendMicros(-62_135_596_800_000_000n) // 0001-01-01T00:00:00
  batch.endRow()
  // row 2: all NULL
  for (const c of cols) c.appendNull()
  batch.endRow()
  // row 3: more float and calendar edges
  b.append(true)
  i16.append(32767)
  i32.append(-2147483648)
  i64.append(9223372036854775807n)
  u64.appendText('9007199254740993')
  f32.append(Number.POSITIVE_INFINITY)
  f64.append(1e-7)
  dec.appendScaled(0n)
  s.append('ünïcødé 日本 🎉')
  j.append('null')
  bin.append(new Uint8Array([0x0a, 0xff]))
  id.appendText('A0EEBC999C0B4EF8BB6D6BB9BD380A11')
  d.appendDays(2_932_897) // 10000-01-01
  t.appendMicros(86_399_999_999)
  ts.appendMicros(253_402_300_800_000_000n) // 10000-01-01T00:00:00
  tz.appendMicros(-62_167_219_200_000_001n) // -0001-12-31T23:59:59.999999
  batch.endRow()
  // row 4: negative zero and friends
  b.append(false)
  i16.append(-1)
  i32.append(0)
  i64.appendNumber(-9_007_199_254_740_991)
  u64.appendNumber(4_294_967_296)
  f32.append(Number.NEGATIVE_INFINITY)
  f64.append(-0)
  dec.appendText('12.5')
  s.append('')
  j.append('[]')
  bin.append(new Uint8Array([0]))
  id.appendText('ffffffff-ffff-ffff-ffff-ffffffffffff')
  d.appendDays(-1)
  t.appendMicros(1)
  ts.appendMicros(0)
  tz.appendMicros(1_700_000_000_000_000)
  batch.endRow()
  // row 5: float rendering
  b.append(true)
  i16.append(7)
  i32.append(7)
  i64.appendNumber(7)
  u64.appendNumber(7)
  f32.append(16777217) // not representable: 16777216
  f64.append(-1.5e-300)
  dec.appendText('1.23456789012345678')
  s.append(',')
  j.append('"x"')
  bin.append(new Uint8Array([1, 2, 3]))
  id.appendText('00112233-4455-6677-8899-aabbccddeeff')
  d.appendDays(0)
  t.appendMicros(3_600_000_000)
  ts.appendMicros(-86_400_000_000)
  tz.appendMicros(951_782_400_000_000) // 2000-02-29
  batch.endRow()
  return batch.finish()
}
