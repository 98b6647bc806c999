import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { duckRows } from '../../helpers/duckdb.js'
import { runConfig, tempProject } from '../../helpers/export-run.js'
import { uniqueName } from '../../helpers/unique-name.js'
import { mysqlExec } from './mysql-helpers.js'

const url = inject('mysqlUrl')
const table = uniqueName('mypipe')

describe.skipIf(url === null)('MySQL → Parquet through the pipeline, read back by DuckDB', () => {
  beforeAll(async () => {
    await mysqlExec(url as string, `
      CREATE TABLE ${table} (
        id INT PRIMARY KEY, u64 BIGINT UNSIGNED, dec38 DECIMAL(38,10), dec65 DECIMAL(65,30), b1 BIT(1), flag TINYINT(1), e ENUM('small','big'),
        js JSON, dt DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, dd DATE, tm TIME(6), yr YEAR, bin VARBINARY(8), emoji VARCHAR(10)
      ) CHARACTER SET utf8mb4;
      SET time_zone = '+02:00';
      INSERT INTO ${table} VALUES
        (1, 18446744073709551615, -1234567890123456789012345678.0123456789, 12345678901234567890123456789012345.123456789012345678901234567891, b'1', 1, 'big', '{"a": 1}',
         '2024-02-29 23:59:59.999999', '2024-06-01 12:00:00.123456', '2024-02-29', '23:59:59.999999', 2024, 0x00FF, '🦀'),
        (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);`)
  })
  afterAll(async () => {
    await mysqlExec(url as string, `DROP TABLE IF EXISTS ${table}`)
  })

  it('writes exact values', async () => {
    const project = await tempProject(`
source:
  type: mysql
  url: "${url as string}"
exports:
  - name: types
    table: ${table}
    format: parquet
    destination: { type: local, path: out }
`)
    const outcome = await runConfig(project.config, project.dir)
    expect(outcome.error).toBeUndefined()
    const files = (await readdir(join(project.dir, 'out'))).filter((f) => f.endsWith('.parquet'))
    expect(files).toHaveLength(1)
    const file = join(project.dir, 'out', files[0] as string)
    const rows = await duckRows(`SELECT id, CAST(u64 AS VARCHAR) u64, CAST(dec38 AS VARCHAR) dec38, b1, flag, e, js, CAST(dt AS VARCHAR) dt,
        CAST(ts AS VARCHAR) ts, CAST(dd AS VARCHAR) dd, CAST(tm AS VARCHAR) tm, yr, hex(bin) bin, emoji
      FROM read_parquet('${file}') ORDER BY id`)
    expect(rows[0]).toEqual({
      id: 1, u64: '18446744073709551615', dec38: '-1234567890123456789012345678.0123456789', b1: true, flag: true,
      e: 'big', js: '{"a": 1}', dt: '2024-02-29 23:59:59.999999', ts: '2024-06-01 10:00:00.123456+00', dd: '2024-02-29', tm: '23:59:59.999999',
      yr: 2024, bin: '00FF', emoji: '🦀',
    })
    for (const [k, v] of Object.entries(rows[1] ?? {})) if (k !== 'id') expect(v, k).toBeNull()
    // DuckDB reads decimals wider than 38 digits as DOUBLE; check the Parquet logical type instead
    // (the exact Decimal256 values are asserted at the Source level in mysql-types.test.ts).
    const schema = await duckRows(`SELECT precision, scale FROM parquet_schema('${file}') WHERE name = 'dec65'`)
    expect(schema[0]).toEqual({ precision: '65', scale: '30' })
  })
})
