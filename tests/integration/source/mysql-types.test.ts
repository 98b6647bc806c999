import type { RecordBatch } from 'apache-arrow'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { MysqlSource } from '../../../src/source/mysql/mysql-source.js'
import { uniqueName } from '../../helpers/unique-name.js'
import { tableValues } from '../../unit/source/mysql/arrow-values.js'
import { mysqlExec, request, urlSource } from './mysql-helpers.js'

const url = inject('mysqlUrl')
const table = uniqueName('mytypes')

const DDL = `
CREATE TABLE ${table} (
  id INT PRIMARY KEY,
  u64 BIGINT UNSIGNED, i64 BIGINT, i32 INT, u32 INT UNSIGNED, m24 MEDIUMINT, mu24 MEDIUMINT UNSIGNED,
  s16 SMALLINT, su16 SMALLINT UNSIGNED, t8 TINYINT, tu8 TINYINT UNSIGNED,
  dec65 DECIMAL(65,30), dec2 DECIMAL(10,2) UNSIGNED, zf INT(6) ZEROFILL, zfd DECIMAL(8,2) ZEROFILL,
  b1 BIT(1), b12 BIT(12), flag TINYINT(1), e ENUM('small','big'), st SET('a','b','c'), js JSON,
  f FLOAT, d DOUBLE, dt DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, dd DATE, tm TIME(6), yr YEAR,
  bin BINARY(4), vb VARBINARY(10), vc VARCHAR(20), ch CHAR(5), tx TEXT, bl BLOB, emoji VARCHAR(10) CHARACTER SET utf8mb4
) CHARACTER SET utf8mb4;
SET time_zone = '+02:00';
INSERT INTO ${table} VALUES
 (1, 18446744073709551615, -9223372036854775808, -2147483648, 4294967295, -8388608, 16777215, -32768, 65535, -128, 255,
  12345678901234567890123456789012345.123456789012345678901234567891, 99999999.99, 42, 12.5,
  b'1', b'101010101010', 1, 'big', 'a,c', '{"a": [1, 2]}', 1.5, 0.1, '2024-02-29 23:59:59.999999', '2024-06-01 12:00:00.123456',
  '2024-02-29', '23:59:59.999999', 2024, 0x00FF0001, 0xDEADBEEF, 'héllo', 'ab', 'line1\\nline2', 0x0001, '🦀🎉'),
 (2, 0, 9223372036854775807, 2147483647, 0, 8388607, 0, 32767, 0, 127, 0,
  -0.000000000000000000000000000001, 0, 0, 0, b'0', b'0', 0, 'small', '', '[]', -2.25, -1e300, '1000-01-01 00:00:00', '1970-01-01 02:00:01',
  '1000-01-01', '00:00:00', 1901, 'ab', '', '', '', '', '', ''),
 (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
`

const micros = (ms: number, us: number): string => String(BigInt(ms) * 1000n + BigInt(us))
const days = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / 86_400_000

async function collect(source: MysqlSource, sql: string, opts: Parameters<typeof request>[1] = {}): Promise<{ batches: RecordBatch[]; values: Record<string, unknown[]> }> {
  const stream = await source.export(request(sql, opts))
  const batches: RecordBatch[] = []
  for await (const b of stream) batches.push(b)
  return { batches, values: tableValues(batches) }
}

describe.skipIf(url === null)('MySQL source: Q02 type matrix on MariaDB', () => {
  let source: MysqlSource
  beforeAll(async () => {
    await mysqlExec(url as string, DDL)
    source = await MysqlSource.connect(urlSource(url as string))
  })
  afterAll(async () => {
    await source.close()
    await mysqlExec(url as string, `DROP TABLE IF EXISTS ${table}`)
  })

  it('maps every column to the Q02 Arrow type', async () => {
    const stream = await source.export(request(`SELECT * FROM ${table} ORDER BY id`))
    const types = Object.fromEntries(stream.schema.fields.map((f) => [f.name, String(f.type)]))
    for await (const _ of stream) {
      // drain
    }
    expect(types).toMatchObject({
      u64: 'Uint64', i64: 'Int64', i32: 'Int32', u32: 'Int64', m24: 'Int32', mu24: 'Int64', s16: 'Int16', su16: 'Int32', t8: 'Int16', tu8: 'Int16',
      dec65: 'Decimal[65e+30]', dec2: 'Decimal[10e+2]', zf: 'Int64', zfd: 'Decimal[8e+2]', b1: 'Bool', b12: 'Int64', flag: 'Bool', e: 'Utf8', st: 'Utf8',
      js: 'Utf8', f: 'Float32', d: 'Float64', dt: 'Timestamp<MICROSECOND>', ts: 'Timestamp<MICROSECOND, UTC>', dd: 'Date32<DAY>', tm: 'Time64<MICROSECOND>',
      yr: 'Int16', bin: 'Binary', vb: 'Binary', vc: 'Utf8', ch: 'Utf8', tx: 'Utf8', bl: 'Binary', emoji: 'Utf8',
    })
    const meta = Object.fromEntries(stream.schema.fields.map((f) => [f.name, f.metadata.get('rivet.logical_type')]))
    expect(meta).toMatchObject({ js: 'json', e: 'enum', st: 'enum' })
  })

  it('decodes exact values (UInt64 max, DECIMAL(65,30), BIT, ZEROFILL, µs temporal, UTC TIMESTAMP, binary, emoji, NULL)', async () => {
    const { values: v } = await collect(source, `SELECT * FROM ${table} ORDER BY id`)
    expect(v.u64).toEqual(['18446744073709551615', '0', null])
    expect(v.i64).toEqual(['-9223372036854775808', '9223372036854775807', null])
    expect(v.i32).toEqual([-2147483648, 2147483647, null])
    expect(v.u32).toEqual(['4294967295', '0', null])
    expect(v.m24).toEqual([-8388608, 8388607, null])
    expect(v.mu24).toEqual(['16777215', '0', null])
    expect(v.s16).toEqual([-32768, 32767, null])
    expect(v.su16).toEqual([65535, 0, null])
    expect(v.t8).toEqual([-128, 127, null])
    expect(v.tu8).toEqual([255, 0, null])
    expect(v.dec65).toEqual(['12345678901234567890123456789012345.123456789012345678901234567891', '-0.000000000000000000000000000001', null])
    expect(v.dec2).toEqual(['99999999.99', '0.00', null])
    expect(v.zf).toEqual(['42', '0', null])
    expect(v.zfd).toEqual(['12.50', '0.00', null])
    expect(v.b1).toEqual([true, false, null])
    expect(v.b12).toEqual(['2730', '0', null])
    expect(v.flag).toEqual([true, false, null])
    expect(v.e).toEqual(['big', 'small', null])
    expect(v.st).toEqual(['a,c', '', null])
    expect(v.js).toEqual(['{"a": [1, 2]}', '[]', null])
    expect(v.f).toEqual([1.5, -2.25, null])
    expect(v.d).toEqual([0.1, -1e300, null])
    expect(v.dt).toEqual([micros(Date.UTC(2024, 1, 29, 23, 59, 59), 999999), micros(Date.UTC(1000, 0, 1), 0), null])
    // Written at session +02:00, read at +00:00: the UTC instant.
    expect(v.ts).toEqual([micros(Date.UTC(2024, 5, 1, 10, 0, 0), 123456), micros(1000, 0), null])
    expect(v.dd).toEqual([days(2024, 2, 29), days(1000, 1, 1), null])
    expect(v.tm).toEqual(['86399999999', '0', null])
    expect(v.yr).toEqual([2024, 1901, null])
    expect(v.bin).toEqual(['00ff0001', '61620000', null])
    expect(v.vb).toEqual(['deadbeef', '', null])
    expect(v.vc).toEqual(['héllo', '', null])
    expect(v.ch).toEqual(['ab', '', null])
    expect(v.tx).toEqual(['line1\nline2', '', null])
    expect(v.bl).toEqual(['0001', '', null])
    expect(v.emoji).toEqual(['🦀🎉', '', null])
  })

  it('a bound parameter (prepared statement, binary protocol) decodes exactly like the text protocol', async () => {
    const text = await collect(source, `SELECT * FROM ${table} ORDER BY id`)
    const bound = await collect(source, `SELECT * FROM ${table} WHERE id > ? ORDER BY id`, { params: ['0'] })
    expect(bound.batches[0]?.schema.fields.map((f) => String(f.type))).toEqual(text.batches[0]?.schema.fields.map((f) => String(f.type)))
    expect(bound.values).toEqual(text.values)
  })

  it('zero dates become NULL in both protocols', async () => {
    const zero = uniqueName('myzero')
    await mysqlExec(url as string, `CREATE TABLE ${zero} (id INT, d DATE, dt DATETIME); INSERT INTO ${zero} VALUES (1, '0000-00-00', '0000-00-00 00:00:00'), (2, '2024-01-02', '2024-01-02 03:04:05')`)
    try {
      const text = await collect(source, `SELECT * FROM ${zero} ORDER BY id`)
      const bound = await collect(source, `SELECT * FROM ${zero} WHERE id > ? ORDER BY id`, { params: ['0'] })
      for (const v of [text.values, bound.values]) {
        expect(v.d).toEqual([null, days(2024, 1, 2)])
        expect(v.dt).toEqual([null, micros(Date.UTC(2024, 0, 2, 3, 4, 5), 0)])
      }
    } finally {
      await mysqlExec(url as string, `DROP TABLE IF EXISTS ${zero}`)
    }
  })

  it('honours columns: overrides (decoded into the override type)', async () => {
    const { values: v } = await collect(source, `SELECT id, u64, dec2, i32 FROM ${table} ORDER BY id`, {
      overrides: { u64: { kind: 'string' }, dec2: { kind: 'decimal', precision: 12, scale: 1 }, i32: { kind: 'int64' } },
    })
    expect(v.u64).toEqual(['18446744073709551615', '0', null])
    expect(v.dec2).toEqual(['99999999.9', '0.0', null])
    expect(v.i32).toEqual(['-2147483648', '2147483647', null])
  })

  it('TIME outside one day fails with a column-named error unless overridden to string', async () => {
    const sql = "SELECT CAST('-01:30:00' AS TIME) AS dur UNION ALL SELECT CAST('838:59:59' AS TIME)"
    await expect(collect(source, sql)).rejects.toThrow(/column 'dur'.*-01:30:00/)
    const { values } = await collect(source, sql, { overrides: { dur: { kind: 'string' } } })
    expect(values.dur).toEqual(['-01:30:00', '838:59:59'])
    const asMicros = await collect(source, sql, { overrides: { dur: { kind: 'int64' } } })
    expect(asMicros.values.dur).toEqual([String(-5_400_000_000), String((838 * 3600 + 59 * 60 + 59) * 1_000_000)])
    expect(await source.queryScalar('SELECT 1')).toBe('1')
  })

  it('enforces the per-value ceiling (max_value_mb)', async () => {
    const err = await collect(source, "SELECT REPEAT('x', 2 * 1024 * 1024) AS big", { tuning: { maxValueMb: 1 } }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'RIVET_VALUE_TOO_LARGE' })
    expect((err as Error).message).toContain("column 'big'")
  })

  it('fails before writing, listing every unsupported column', async () => {
    const err = await source.export(request('SELECT POINT(1, 2) AS p, 1 AS ok, NULL AS n')).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'RIVET_TYPE_UNSUPPORTED', details: { columns: ['p', 'n'] } })
    expect((err as Error).message).toMatch(/p: .*\n.*n: null/)
    expect(await source.queryScalar('SELECT 2')).toBe('2')
  })
})
