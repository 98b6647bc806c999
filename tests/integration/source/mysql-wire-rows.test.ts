import type { RecordBatch } from 'apache-arrow'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { MysqlSource } from '../../../src/source/mysql/mysql-source.js'
import { WIRE_ENV } from '../../../src/source/mysql/wire/row-decoder.js'
import { startRechunkProxy, type RechunkProxy } from '../../helpers/rechunk-proxy.js'
import { uniqueName } from '../../helpers/unique-name.js'
import { tableValues } from '../../unit/source/mysql/arrow-values.js'
import { mysqlExec, request, urlSource } from './mysql-helpers.js'

const url = inject('mysqlUrl')
const table = uniqueName('mywire')

/**
 * The byte-level row decoder (`wire/row-decoder.ts`) against mysql2's own rows
 * (`RIVET_MYSQL_FAST=0`): every value, NULL position, length-prefix size, protocol and
 * override must come out identical.
 */
const DDL = `
SET SESSION sql_mode = '';
CREATE TABLE ${table} (
  id INT PRIMARY KEY,
  u64 BIGINT UNSIGNED, i64 BIGINT, i32 INT, u32 INT UNSIGNED, m24 MEDIUMINT, mu24 MEDIUMINT UNSIGNED,
  s16 SMALLINT, su16 SMALLINT UNSIGNED, t8 TINYINT, tu8 TINYINT UNSIGNED, flag TINYINT(1), yr YEAR,
  d2 DECIMAL(12,2), d4 DECIMAL(20,4), d65 DECIMAL(65,30), zd DECIMAL(8,2) UNSIGNED ZEROFILL, d0 DECIMAL(15,0),
  f FLOAT, db DOUBLE, b1 BIT(1), b12 BIT(12), e ENUM('small','big'), st SET('a','b','c'), js JSON,
  dt0 DATETIME, dt3 DATETIME(3), dt6 DATETIME(6), ts6 TIMESTAMP(6) NULL DEFAULT NULL, dd DATE, tm TIME(6),
  vc VARCHAR(300), lat VARCHAR(20) CHARACTER SET latin1, u3 VARCHAR(20) CHARACTER SET utf8mb3, tx MEDIUMTEXT,
  bl MEDIUMBLOB, vb VARBINARY(300), bin BINARY(4), emoji VARCHAR(10)
) CHARACTER SET utf8mb4;
SET time_zone = '+00:00';
INSERT INTO ${table} VALUES
 (1, 18446744073709551615, -9223372036854775808, -2147483648, 4294967295, -8388608, 16777215, -32768, 65535, -128, 255, 1, 2155,
  -9999999999.99, 1234567890123456.7891, 12345678901234567890123456789012345.123456789012345678901234567891, 12.5, 999999999999999,
  1.5, 0.1, b'1', b'101010101010', 'big', 'a,c', '{"a": [1, "é"]}',
  '9999-12-31 23:59:59', '2300-01-01 00:00:00.5', '0001-01-01 00:00:00.000001', '2038-01-19 03:14:07.999999', '9999-12-31', '23:59:59.999999',
  REPEAT('a', 250), 'café', 'naïve', REPEAT('ü€', 40000),
  REPEAT(0x00FF, 40000), REPEAT(0xAB, 251), 0x00FF0001, '🦀🎉'),
 (2, 9007199254740993, 9223372036854775807, 2147483647, 0, 8388607, 0, 32767, 0, 127, 0, 0, 1901,
  0.01, -0.0001, -0.000000000000000000000000000001, 0, -999999999999999,
  -2.25, -1e300, b'0', b'0', 'small', '', '[]',
  '1970-01-01 00:00:00', '1969-12-31 23:59:59.999', '2024-02-29 12:34:56.000001', '1970-01-01 00:00:01', '1000-01-01', '-00:00:01',
  REPEAT('b', 251), '', '', '',
  '', REPEAT(0x01, 250), 'ab', ''),
 (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (4, 0, -1, 1, 1, -1, 1, -1, 1, -1, 1, NULL, 0,
  -0.50, 5, 7, NULL, 1, NULL, 2.5e-310, NULL, b'111111111111', NULL, 'a,b,c', NULL,
  '0000-00-00 00:00:00', NULL, '2024-01-01 00:00:00', NULL, '0000-00-00', '838:59:59',
  REPEAT('c', 300), NULL, 'x', NULL, NULL, '', NULL, NULL),
 (5, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0, 0, NULL,
  NULL, 0, NULL, 0, NULL, 0, NULL, b'0', NULL, 'small', NULL, 'null',
  '2024-01-01 10:00:00', '2024-01-01 10:00:00.100', NULL, '2024-01-01 10:00:00.000000', NULL, '00:00:00',
  NULL, 'x', NULL, 'plain', '', NULL, 0x00000000, NULL);
`

async function collect(source: MysqlSource, sql: string, opts: Parameters<typeof request>[1] = {}): Promise<{ types: string[]; values: Record<string, unknown[]> }> {
  const stream = await source.export(request(sql, opts))
  const batches: RecordBatch[] = []
  for await (const b of stream) batches.push(b)
  return { types: stream.schema.fields.map((f) => `${f.name}:${String(f.type)}`), values: tableValues(batches) }
}

async function bothWays(source: MysqlSource, sql: string, opts: Parameters<typeof request>[1] = {}): Promise<{ fast: unknown; driver: unknown }> {
  Reflect.deleteProperty(process.env, WIRE_ENV)
  const fast = await collect(source, sql, opts).catch((e: unknown) => ({ error: String(e) }))
  process.env[WIRE_ENV] = '0'
  const driver = await collect(source, sql, opts).catch((e: unknown) => ({ error: String(e) }))
  Reflect.deleteProperty(process.env, WIRE_ENV)
  return { fast, driver }
}

describe.skipIf(url === null)('MySQL source: byte-level row decoding equals the driver path', () => {
  let source: MysqlSource
  beforeAll(async () => {
    await mysqlExec(url as string, DDL)
    source = await MysqlSource.connect(urlSource(url as string))
  })
  afterEach(() => {
    Reflect.deleteProperty(process.env, WIRE_ENV)
  })
  afterAll(async () => {
    await source.close()
    await mysqlExec(url as string, `DROP TABLE IF EXISTS ${table}`)
  })

  const all = `SELECT * FROM ${table} WHERE tm IS NULL OR (tm >= '00:00:00' AND tm < '24:00:00') ORDER BY id`
  const allBound = `SELECT * FROM ${table} WHERE id > ? AND (tm IS NULL OR (tm >= '00:00:00' AND tm < '24:00:00')) ORDER BY id`

  it('text protocol: every type, NULL position and length prefix', async () => {
    const { fast, driver } = await bothWays(source, all)
    expect(fast).not.toHaveProperty('error')
    expect(fast).toEqual(driver)
  })

  it('binary protocol (bound parameter): the same', async () => {
    const { fast, driver } = await bothWays(source, allBound, { params: ['0'] })
    expect(fast).not.toHaveProperty('error')
    expect(fast).toEqual(driver)
    const text = await collect(source, all)
    expect(fast).toEqual(text)
  })

  it('overrides take the exact path and still match (both protocols)', async () => {
    const overrides = {
      i32: { kind: 'string' }, dt6: { kind: 'string' }, d2: { kind: 'string' }, vc: { kind: 'binary' }, bl: { kind: 'string' }, tm: { kind: 'string' },
      u32: { kind: 'int32' }, i64: { kind: 'decimal', precision: 20, scale: 0 }, d4: { kind: 'decimal', precision: 20, scale: 1 }, dd: { kind: 'string' }, flag: { kind: 'int16' },
    } as const
    for (const [sql, params] of [[`SELECT * FROM ${table} ORDER BY id`, []], [`SELECT * FROM ${table} WHERE id > ? ORDER BY id`, ['0']]] as const) {
      const { fast, driver } = await bothWays(source, sql, { params: [...params], overrides })
      expect(fast).toEqual(driver)
    }
  })

  it('TIME outside one day and out-of-range overrides fail the same way', async () => {
    for (const params of [[], ['0']]) {
      const where = params.length > 0 ? 'WHERE id > ?' : ''
      const time = await bothWays(source, `SELECT id, tm FROM ${table} ${where} ORDER BY id`, { params })
      expect(time.fast).toHaveProperty('error')
      expect(time.fast).toEqual(time.driver)
      const narrow = await bothWays(source, `SELECT id, u32 FROM ${table} ${where} ORDER BY id`, { params, overrides: { u32: { kind: 'int32' } } })
      expect(narrow.fast).toHaveProperty('error')
      expect(narrow.fast).toEqual(narrow.driver)
    }
    expect(await source.queryScalar('SELECT 1')).toBe('1')
  })

  it('expressions and a non-UTF-8 byte string read as text', async () => {
    const sql = "SELECT 1 AS one, 2.50 AS dec_lit, NOW(6) > '2000-01-01' AS later, CAST(0xC328 AS CHAR CHARACTER SET utf8mb4) AS broken, CONVERT(_latin1 0xE9 USING utf8mb4) AS eacute, SEC_TO_TIME(90000) AS long_time"
    const { fast, driver } = await bothWays(source, sql, { overrides: { long_time: { kind: 'string' } } })
    expect(fast).toEqual(driver)
  })

  it('the per-value ceiling fires on the byte path', async () => {
    const { fast, driver } = await bothWays(source, `SELECT tx FROM ${table} WHERE id = 1`, { tuning: { maxValueMb: 0.1 } })
    expect(String((fast as { error?: string }).error)).toContain("column 'tx'")
    expect(fast).toEqual(driver)
  })
})

describe.skipIf(url === null)('MySQL source: row framing when the server bytes arrive cut at every offset', () => {
  const wide = uniqueName('myframes')
  let proxy: RechunkProxy
  let source: MysqlSource
  beforeAll(async () => {
    const digits = '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)'
    await mysqlExec(
      url as string,
      `CREATE TABLE ${wide} (id INT PRIMARY KEY, s TEXT, d DECIMAL(12,2), t DATETIME(6), n BIGINT) CHARACTER SET utf8mb4;
       INSERT INTO ${wide} SELECT a.d * 1000 + b.d * 100 + c.d * 10 + e.d + 1 AS id,
         IF((a.d + b.d + e.d) % 9 = 0, NULL, REPEAT('é', (a.d * 1000 + b.d * 100 + c.d * 10 + e.d) % 700)),
         IF(c.d = 3, NULL, (a.d * 1000 + b.d * 100 + c.d * 10 + e.d) * 1.25),
         TIMESTAMP('2024-01-01') + INTERVAL (a.d * 1000 + b.d * 100 + c.d * 10 + e.d) SECOND,
         (a.d * 1000 + b.d * 100 + c.d * 10 + e.d) * 1000003
       FROM ${digits} a, ${digits} b, ${digits} c, ${digits} e`,
    )
    const u = new URL(url as string)
    proxy = await startRechunkProxy(u.hostname, Number(u.port === '' ? 3306 : u.port))
    u.host = `127.0.0.1:${proxy.port}`
    source = await MysqlSource.connect(urlSource(u.toString()))
  })
  afterAll(async () => {
    await source.close()
    await proxy.close()
    await mysqlExec(url as string, `DROP TABLE IF EXISTS ${wide}`)
  })

  it('text and binary protocol: identical to the driver path, batch cuts included', async () => {
    for (const [sql, params] of [[`SELECT * FROM ${wide} ORDER BY id`, []], [`SELECT * FROM ${wide} WHERE id > ? ORDER BY id`, ['0']]] as const) {
      const { fast, driver } = await bothWays(source, sql, { params: [...params], tuning: { batchSize: 700 } })
      expect(fast).not.toHaveProperty('error')
      expect((fast as { values: { id: unknown[] } }).values.id).toHaveLength(10_000)
      expect(fast).toEqual(driver)
    }
    expect(await source.queryScalar('SELECT 1')).toBe('1')
  })
})
