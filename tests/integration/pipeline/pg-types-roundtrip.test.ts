import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { duckRows } from '../../helpers/duckdb.js'
import { runConfig, tempProject } from '../../helpers/export-run.js'
import { pgExec } from '../../helpers/pg.js'
import { uniqueName } from '../../helpers/unique-name.js'

const pgUrl = inject('pgUrl')
const table = uniqueName('types')
const mood = `${table}_mood`

const DDL = `
CREATE TYPE ${mood} AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE ${table} (
  id int4 PRIMARY KEY, b bool, i2 int2, i8 int8, f4 float4, f8 float8,
  n numeric(38,10), d date, t time, ts timestamp, tstz timestamptz,
  txt text, vc varchar(20), bp char(3), by bytea, js json, jb jsonb, u uuid, iv interval,
  e ${mood}, arr int4[], tarr text[]
);
INSERT INTO ${table} VALUES
 (1, true, -32768, -9223372036854775808, 1.5, 0.1, 9999999999999999999999999999.9999999999, '2024-02-29', '23:59:59.999999',
  '2024-03-10 02:30:00.123456', '2024-03-31 01:30:00+01', 'héllo, "world"', 'line1
line2', 'ab', '\\x00ff00', '{"a": [1, 2]}', '{"k": "v"}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '1 day 02:03:04.5',
  'happy', '{1,NULL,3}', '{"x,y",NULL,"🦀"}'),
 (2, false, 32767, 9223372036854775807, '-0', 1e300, -9999999999999999999999999999.9999999999, '1900-01-01', '00:00:00',
  '1900-01-01 00:00:00', '1970-01-01 00:00:00+00', '', '', '   ', '\\x', 'null', '[]', '00000000-0000-0000-0000-000000000000', '-1 years',
  'sad', '{}', '{}'),
 (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (4, true, 0, 0, 'NaN', '-Infinity', 0.0000000001, '2262-04-11', '12:00:00', '2262-04-11 23:47:16.854775', '9999-12-31 23:59:59.999999+00',
  repeat('x', 100000), 'z', 'xyz', '\\x0001020304', ('{"big": "' || repeat('y', 102400) || '"}')::json, '{}', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '0 seconds',
  'ok', '{2147483647}', '{""}');
`

describe.skipIf(pgUrl === null)('PostgreSQL → Parquet/CSV: every Q01 type round-trips', () => {
  beforeAll(async () => {
    await pgExec(pgUrl as string, DDL)
  })
  afterAll(async () => {
    await pgExec(pgUrl as string, `DROP TABLE IF EXISTS ${table}; DROP TYPE IF EXISTS ${mood};`)
  })

  it('Parquet is read back by DuckDB with the exact values', async () => {
    const project = await tempProject(`
source:
  type: postgres
  url: "${pgUrl as string}"
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
    const rows = await duckRows(`SELECT
        id, b, i2, CAST(i8 AS VARCHAR) i8, CAST(f4 AS VARCHAR) f4, CAST(f8 AS VARCHAR) f8, CAST(n AS VARCHAR) n, CAST(d AS VARCHAR) d,
        CAST(t AS VARCHAR) t, CAST(ts AS VARCHAR) ts, CAST(tstz AS VARCHAR) tstz, txt, vc, bp, hex("by") AS "by", js, jb, hex(u) AS u, iv, e,
        CAST(arr AS VARCHAR) arr, CAST(tarr AS VARCHAR) tarr, length(txt) txt_len
      FROM read_parquet('${file}') ORDER BY id`)
    expect(rows).toHaveLength(4)
    expect(rows[0]).toMatchObject({
      id: 1, b: true, i2: -32768, i8: '-9223372036854775808', f4: '1.5', f8: '0.1', n: '9999999999999999999999999999.9999999999',
      d: '2024-02-29', t: '23:59:59.999999', ts: '2024-03-10 02:30:00.123456', tstz: '2024-03-31 00:30:00+00',
      txt: 'héllo, "world"', vc: 'line1\nline2', bp: 'ab ', by: '00FF00', js: '{"a": [1, 2]}', jb: '{"k": "v"}',
      u: 'A0EEBC999C0B4EF8BB6D6BB9BD380A11', iv: 'P1DT2H3M4.500000S', e: 'happy', arr: '[1, NULL, 3]', tarr: "['x,y', NULL, 🦀]",
    })
    expect(rows[1]).toMatchObject({
      b: false, i2: 32767, i8: '9223372036854775807', f4: '-0.0', f8: '1e+300', n: '-9999999999999999999999999999.9999999999',
      d: '1900-01-01', t: '00:00:00', ts: '1900-01-01 00:00:00', tstz: '1970-01-01 00:00:00+00', txt: '', vc: '', bp: '   ', by: '',
      js: 'null', jb: '[]', iv: 'P-1Y', e: 'sad', arr: '[]', tarr: '[]',
    })
    // Row 3: every column NULL, not empty strings.
    for (const [k, v] of Object.entries(rows[2] ?? {})) if (k !== 'id') expect(v, k).toBeNull()
    expect(rows[3]).toMatchObject({ f4: 'nan', f8: '-inf', n: '0.0000000001', tstz: '9999-12-31 23:59:59.999999+00', txt_len: '100000', iv: 'PT0S', tarr: "['']" })
    const meta = await duckRows(`SELECT created_by FROM parquet_file_metadata('${file}')`)
    expect(meta[0]?.created_by).toBe('rivet')
  })

  it('CSV of the same table renders exactly (G03)', async () => {
    const project = await tempProject(`
source:
  type: postgres
  url: "${pgUrl as string}"
exports:
  - name: types_csv
    query: "SELECT id, b, i2, i8, f4, f8, n, d, t, ts, tstz, txt, vc, bp, by, js, u, iv, e FROM ${table} WHERE id <> 4 ORDER BY id"
    format: csv
    destination: { type: local, path: out }
`)
    const outcome = await runConfig(project.config, project.dir)
    expect(outcome.error).toBeUndefined()
    const files = (await readdir(join(project.dir, 'out'))).filter((f) => f.endsWith('.csv'))
    const text = await readFile(join(project.dir, 'out', files[0] as string), 'utf8')
    expect(text).toBe(
      [
        'id,b,i2,i8,f4,f8,n,d,t,ts,tstz,txt,vc,bp,by,js,u,iv,e',
        '1,true,-32768,-9223372036854775808,1.5,0.1,9999999999999999999999999999.9999999999,2024-02-29,23:59:59.999999,2024-03-10T02:30:00.123456,2024-03-31T00:30:00.000000,"héllo, ""world""","line1\nline2",ab ,00ff00,"{""a"": [1, 2]}",a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,P1DT2H3M4.500000S,happy',
        `2,false,32767,9223372036854775807,-0,1${'0'.repeat(300)},-9999999999999999999999999999.9999999999,1900-01-01,00:00:00.000000,1900-01-01T00:00:00.000000,1970-01-01T00:00:00.000000,,,   ,,null,00000000-0000-0000-0000-000000000000,P-1Y,sad`,
        '3,,,,,,,,,,,,,,,,,,',
        '',
      ].join('\n'),
    )
  })
})
