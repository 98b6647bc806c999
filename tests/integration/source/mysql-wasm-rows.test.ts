import type { RecordBatch } from 'apache-arrow'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { MysqlSource } from '../../../src/source/mysql/mysql-source.js'
import { WIRE_ENV } from '../../../src/source/mysql/wire/row-decoder.js'
import { WASM_ROWS_ENV, wasmRowsDecoded } from '../../../src/source/mysql/wire/wasm-rows.js'
import { uniqueName } from '../../helpers/unique-name.js'
import { tableValues } from '../../unit/source/mysql/arrow-values.js'
import { mysqlExec, request, urlSource } from './mysql-helpers.js'

const url = inject('mysqlUrl')
const table = uniqueName('mywasm')

/**
 * Rows decoded in bulk by the wasm module (`wire/wasm-rows.ts`) against the
 * per-cell byte decoder (`RIVET_MYSQL_WASM=0`) and mysql2's own rows (`RIVET_MYSQL_FAST=0`):
 * identical values, with rows the module hands back (zero dates, long decimals, values over
 * the per-value ceiling, packets split across network chunks) mixed in.
 */
const COLUMNS = `id INT PRIMARY KEY,
  u64 BIGINT UNSIGNED, i64 BIGINT, i32 INT, u32 INT UNSIGNED, m24 MEDIUMINT, mu24 MEDIUMINT UNSIGNED,
  s16 SMALLINT, su16 SMALLINT UNSIGNED, t8 TINYINT, tu8 TINYINT UNSIGNED, flag TINYINT(1), yr YEAR,
  d2 DECIMAL(12,2), d18 DECIMAL(18,6), d30 DECIMAL(30,4), zd DECIMAL(8,2) UNSIGNED ZEROFILL, d0 DECIMAL(15,0),
  f FLOAT, db DOUBLE, e ENUM('small','big'), st SET('a','b','c'), js JSON,
  dt0 DATETIME, dt3 DATETIME(3), dt6 DATETIME(6), ts6 TIMESTAMP(6) NULL DEFAULT NULL, dd DATE,
  vc VARCHAR(300), tx MEDIUMTEXT, bl MEDIUMBLOB, vb VARBINARY(300), bin BINARY(4), emoji VARCHAR(10)`

/** Row i of a generated mix: plain values, NULLs by column, and every kind of row the module hands back. */
const GENERATED = `
INSERT INTO ${table}
SELECT n,
  IF(n % 5 = 0, NULL, 18446744073709551615 - n), IF(n % 6 = 0, NULL, (CAST(n AS SIGNED) - 1500) * 922337203685477), CAST(n AS SIGNED) * 7 - 10000, n * 3, -CAST(n AS SIGNED), n,
  CAST(n % 32767 AS SIGNED) - 1000, n % 65535, CAST(n % 127 AS SIGNED) - 60, n % 255, n % 2, 1901 + n % 254,
  (CAST(n AS SIGNED) - 1000) * 1.25, n / 7, IF(n % 11 = 0, 12345678901234567890123.4567, n * 1.5), n % 1000, CAST(n AS SIGNED) - 1000,
  n / 3, n / 9, IF(n % 2 = 0, 'small', 'big'), IF(n % 3 = 0, 'a,c', 'b'), JSON_OBJECT('n', n),
  IF(n % 7 = 0, '0000-00-00 00:00:00', TIMESTAMP('1960-01-01') + INTERVAL n * 86461 SECOND),
  TIMESTAMP('2024-02-28 23:59:59.123') + INTERVAL n SECOND,
  IF(n % 13 = 0, NULL, TIMESTAMP('1969-12-31 23:59:59.999999') + INTERVAL n * 1000003 MICROSECOND),
  IF(n % 4 = 0, NULL, TIMESTAMP('2020-01-01 00:00:00.000001') + INTERVAL n MINUTE),
  IF(n % 9 = 0, '0000-00-00', DATE('0001-01-01') + INTERVAL n * 97 DAY),
  IF(n % 10 = 3, NULL, REPEAT('é,"x"', n % 60)), IF(n % 97 = 0, REPEAT('ü€', 30000 + n), CONCAT('t', n)),
  IF(n % 8 = 0, NULL, UNHEX(REPEAT('00FF', n % 100))), REPEAT(CHAR(n % 256), n % 300), UNHEX(LPAD(HEX(n), 8, '0')), IF(n % 3 = 0, '🦀', '')
FROM (SELECT a.d * 1000 + b.d * 100 + c.d * 10 + e.d + 1 AS n FROM
  (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) a,
  (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b,
  (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) c,
  (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2) e) nums`

const EDGES = `
INSERT INTO ${table} VALUES
 (100001, 18446744073709551615, -9223372036854775808, -2147483648, 4294967295, -8388608, 16777215, -32768, 65535, -128, 255, 1, 2155,
  -9999999999.99, -999999999999.999999, -99999999999999999999999999.9999, 12.5, 999999999999999,
  1.5, 0.1, 'big', 'a,c', '{"a": [1, "é"]}',
  '9999-12-31 23:59:59', '2300-01-01 00:00:00.5', '0001-01-01 00:00:00.000001', '2038-01-19 03:14:07.999999', '9999-12-31',
  REPEAT('a', 250), 'café', REPEAT(0x00FF, 40), REPEAT(0xAB, 251), 0x00FF0001, '🦀🎉'),
 (100002, 0, 9223372036854775807, 2147483647, 0, 8388607, 0, 32767, 0, 127, 0, 0, 1901,
  0.01, 999999999999.999999, 0.0001, 0, -999999999999999,
  -2.25, -1e300, 'small', '', '[]',
  '1970-01-01 00:00:00', '1969-12-31 23:59:59.999', '2024-02-29 12:34:56.000001', '1970-01-01 00:00:01', '1000-01-01',
  '', '', '', '', 'ab', ''),
 (100003, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`

async function collect(source: MysqlSource, sql: string, opts: Parameters<typeof request>[1]): Promise<{ types: string[]; values: Record<string, unknown[]> } | { error: string }> {
  try {
    const stream = await source.export(request(sql, opts))
    const batches: RecordBatch[] = []
    for await (const b of stream) batches.push(b)
    return { types: stream.schema.fields.map((f) => `${f.name}:${String(f.type)}`), values: tableValues(batches) }
  } catch (err) {
    return { error: String(err) }
  }
}

/** The same export three ways, and how many rows the wasm module decoded in the first. */
async function threeWays(source: MysqlSource, sql: string, opts: Parameters<typeof request>[1]): Promise<{ wasm: unknown; cells: unknown; driver: unknown; inWasm: number }> {
  const before = wasmRowsDecoded()
  const wasm = await collect(source, sql, opts)
  const inWasm = wasmRowsDecoded() - before
  process.env[WASM_ROWS_ENV] = '0'
  const cells = await collect(source, sql, opts)
  Reflect.deleteProperty(process.env, WASM_ROWS_ENV)
  process.env[WIRE_ENV] = '0'
  const driver = await collect(source, sql, opts)
  Reflect.deleteProperty(process.env, WIRE_ENV)
  return { wasm, cells, driver, inWasm }
}

describe.skipIf(url === null)('MySQL source: rows decoded in wasm equal the per-cell and driver paths', () => {
  let source: MysqlSource | undefined
  beforeAll(async () => {
    await mysqlExec(url as string, `SET SESSION sql_mode = ''; CREATE TABLE ${table} (${COLUMNS}) CHARACTER SET utf8mb4; SET time_zone = '+00:00'; ${GENERATED}; ${EDGES}`)
    source = await MysqlSource.connect(urlSource(url as string))
  })
  afterEach(() => {
    Reflect.deleteProperty(process.env, WASM_ROWS_ENV)
    Reflect.deleteProperty(process.env, WIRE_ENV)
  })
  afterAll(async () => {
    await source?.close()
    await mysqlExec(url as string, `DROP TABLE IF EXISTS ${table}`)
  })

  const bound = `SELECT * FROM ${table} WHERE id > ? ORDER BY id`

  it('every supported type, NULLs, edge values and handed-back rows, over several batch sizes', async () => {
    for (const batchSize of [1, 333, 10_000]) {
      const { wasm, cells, driver, inWasm } = await threeWays(source as MysqlSource, bound, { params: ['0'], tuning: { batchSize } })
      expect(wasm, `batch ${batchSize}`).not.toHaveProperty('error')
      expect((wasm as { values: { id: unknown[] } }).values.id).toHaveLength(3003)
      expect(wasm, `batch ${batchSize}`).toEqual(cells)
      expect(wasm, `batch ${batchSize}`).toEqual(driver)
      // zero dates (every 7th / 9th row), 23-digit decimals (every 11th) and long values go to
      // JS, as does everything while a full batch holds the connection paused (batches of 1)
      if (batchSize === 10_000) expect(inWasm).toBeGreaterThan(1500)
      expect(inWasm).toBeLessThan(3003)
    }
  })

  it('text protocol (no parameters): the same, for every type it decodes', async () => {
    // FLOAT/DOUBLE have no fast text path (their text is not parsed exactly): left out here
    const plainCols = 'id, i64, i32, u32, m24, mu24, s16, su16, t8, tu8, flag, yr, d2, d18, d30, zd, d0, e, st, js, dt0, dt3, dt6, ts6, dd, vc, tx, bl, vb, bin, emoji'
    for (const [cols, batchSize] of [[plainCols, 333], [plainCols, 10_000], [`u64, ${plainCols}`, 10_000]] as const) {
      const { wasm, cells, driver, inWasm } = await threeWays(source as MysqlSource, `SELECT ${cols} FROM ${table} ORDER BY id`, { tuning: { batchSize } })
      expect(wasm, `batch ${batchSize}`).not.toHaveProperty('error')
      expect((wasm as { values: { id: unknown[] } }).values.id).toHaveLength(3003)
      expect(wasm, `batch ${batchSize}`).toEqual(cells)
      expect(wasm, `batch ${batchSize}`).toEqual(driver)
      if (batchSize === 10_000) expect(inWasm).toBeGreaterThan(1500)
      expect(inWasm).toBeLessThan(3003)
    }
  })

  it('a column the module does not decode (TIME) keeps the whole export on the per-cell path', async () => {
    const before = wasmRowsDecoded()
    for (const params of [['0'], []]) {
      const where = params.length > 0 ? 'WHERE id > ?' : ''
      const { wasm, cells } = await threeWays(source as MysqlSource, `SELECT id, SEC_TO_TIME(id % 86400) AS t, vc FROM ${table} ${where} ORDER BY id`, { params })
      expect(wasm).not.toHaveProperty('error')
      expect(wasm).toEqual(cells)
    }
    expect(wasmRowsDecoded()).toBe(before)
  })

  it('the per-value ceiling fails the export the same way', async () => {
    const { wasm, cells, driver } = await threeWays(source as MysqlSource, `SELECT id, tx FROM ${table} WHERE id > ? ORDER BY id`, { params: ['0'], tuning: { maxValueMb: 0.05 } })
    expect(String((wasm as { error?: string }).error)).toContain("column 'tx'")
    expect(wasm).toEqual(cells)
    expect(wasm).toEqual(driver)
    expect(await (source as MysqlSource).queryScalar('SELECT 1')).toBe('1')
  })
})
