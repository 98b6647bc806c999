import type { RecordBatch } from 'apache-arrow'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { RivetError } from '../../../src/errors/index.js'
import type { ColumnOverrides, ResolvedSource, SourceTuning } from '../../../src/plan/run-plan.js'
import { PostgresSource } from '../../../src/source/postgres/postgres-source.js'
import { PG_WASM_ENV, pgWasmRowsDecoded } from '../../../src/source/postgres/wire/wasm-rows.js'
import { WIRE_ENV } from '../../../src/source/postgres/wire/wire-fetcher.js'
import type { ExportRequest } from '../../../src/source/source.js'
import type { RivetType } from '../../../src/types/index.js'
import { pgExec } from '../../helpers/pg.js'
import { uniqueName } from '../../helpers/unique-name.js'
import { tableValues } from '../../unit/source/mysql/arrow-values.js'

const url = inject('pgUrl')
const table = uniqueName('pgwasm')

/**
 * DataRows decoded in bulk by the wasm module (`wire/wasm-rows.ts`) against the per-field JS
 * decoder (`RIVET_PG_WASM=0`) and node-postgres' text rows (`RIVET_PG_FAST=0`): identical
 * values, with rows the module hands back (NUMERICs beyond 18 digits, timestamps whose shift
 * to the Unix epoch leaves the 64-bit range) mixed in.
 */
const DDL = `
CREATE TABLE ${table} (
  id int4 PRIMARY KEY, b bool, i2 int2, i8 int8, o oid, f4 float4, f8 float8,
  n2 numeric(12,2), n10 numeric(38,10), n0 numeric(18,0), n18 numeric(20,18), nx numeric(38,5),
  d date, t time, ts timestamp, tstz timestamptz,
  txt text, vc varchar(20), bp char(3), nm name, by bytea, js json, jb jsonb, u uuid
);
INSERT INTO ${table} VALUES
 (1, true, -32768, -9223372036854775808, 4294967295, 1.5, 0.1,
  -9999999999.99, 99999999.9999999999, 999999999999999999, 99.999999999999999999, 123456789012345678901234567890.5,
  '2024-02-29', '23:59:59.999999', '2024-03-10 02:30:00.123456', '2024-03-31 01:30:00+01',
  'héllo, "world"', 'line1
line2', 'ab', 'nm', '\\x00ff00', '{"a": [1, 2]}', '{"k": "v", "a": 1}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'),
 (2, false, 32767, 9223372036854775807, 0, '-0', 1e300,
  0.01, 999999999.9999999999, -999999999999999999, -0.000000000000000001, -0.5,
  '0044-03-15 BC', '00:00:00', '1900-01-01 00:00:00.000001', '1969-12-31 23:59:59.999999+00',
  '', '', '   ', '', '\\x', 'null', '[]', '00000000-0000-0000-0000-000000000000'),
 (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (4, true, 0, 4503599627370497, 7, 'NaN', '-Infinity',
  12.34, -999999999.9999999999, 9007199254740993, 0, 0.00000000000000000001,
  '9999-12-31', '24:00:00', '0001-01-01 00:00:00', '294276-12-31 23:59:59.999999+00',
  repeat('x', 100000), 'z', 'xyz', repeat('n', 63), '\\x0001020304', ('{"big": "' || repeat('y', 102400) || '"}')::json, '{"nested": {"x": [true, null]}}', 'ffffffff-ffff-ffff-ffff-ffffffffffff');
INSERT INTO ${table}
SELECT g, g % 3 = 0, (g % 32000)::int2, g::int8 * 1000003 - 5000000000, g, g / 7.0, g * 1.000001,
  (g % 1000 - 500) / 3.0, (g * 12345.6789)::numeric(38,10), g::numeric * 1000000007, (g % 97) / 101.0,
  CASE WHEN g % 17 = 0 THEN g::numeric * 1e25 ELSE g / 8.0 END,
  date '2000-01-01' + (g - 500), time '00:00' + g * interval '1.5 second', timestamp '1999-12-31 23:00' + g * interval '61.000001 seconds',
  CASE WHEN g % 211 = 0 THEN '294276-12-31 23:59:59+00'::timestamptz ELSE timestamptz '1960-06-01 00:00+00' + g * interval '1 day 3 hours' END,
  CASE WHEN g % 11 = 0 THEN NULL ELSE 'row ' || g || ' ' || repeat('é', g % 5) END, 'v' || g, 'c' || (g % 10), 'n' || g,
  CASE WHEN g % 13 = 0 THEN NULL ELSE decode(lpad(to_hex(g), 8, '0'), 'hex') END, json_build_object('g', g), jsonb_build_object('g', g, 's', 'x' || g),
  md5(g::text)::uuid
FROM generate_series(5, 3000) g;
`

const TUNING: SourceTuning = {
  profile: 'fast', batchSize: 97, batchSizeMemoryMb: undefined, throttleMs: 0, statementTimeoutS: 0, maxRetries: 0,
  retryBackoffMs: 0, lockTimeoutS: 0, memoryThresholdMb: 0, maxBatchMemoryMb: undefined, onBatchMemoryExceeded: 'warn',
  adaptive: false, minParallel: undefined, maxValueMb: 256,
}

function request(sql: string, opts: { tuning?: Partial<SourceTuning>; overrides?: Record<string, RivetType> } = {}): ExportRequest {
  const overrides: ColumnOverrides = new Map(Object.entries(opts.overrides ?? {}))
  return { sql, params: [], catalogTable: undefined, tuning: { ...TUNING, ...opts.tuning }, columnOverrides: overrides }
}

function pgSource(u: string): ResolvedSource {
  return { engine: 'postgres', connection: { kind: 'url', url: u, origin: { kind: 'inline' } }, tls: undefined, environment: undefined }
}

async function drain(stream: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = []
  for await (const b of stream) out.push(b)
  return out
}

/** Exports `sql` with the environment switches `env` set (and the others unset). */
async function exportWith(source: PostgresSource, req: ExportRequest, env: Record<string, string>): Promise<RecordBatch[]> {
  for (const k of [WIRE_ENV, PG_WASM_ENV]) Reflect.deleteProperty(process.env, k)
  Object.assign(process.env, env)
  try {
    return await drain(await source.export(req))
  } finally {
    for (const k of [WIRE_ENV, PG_WASM_ENV]) Reflect.deleteProperty(process.env, k)
  }
}

describe.skipIf(url === null)('PostgreSQL wasm rows: bulk DataRow decoding equals the per-field and driver paths', () => {
  let source: PostgresSource
  beforeAll(async () => {
    await pgExec(url as string, DDL)
    source = await PostgresSource.connect(pgSource(url as string))
  })
  afterEach(() => {
    for (const k of [WIRE_ENV, PG_WASM_ENV]) Reflect.deleteProperty(process.env, k)
  })
  afterAll(async () => {
    await source.close()
    await pgExec(url as string, `DROP TABLE IF EXISTS ${table}`)
  })

  it.each([97, 1000, 5000])('every type, NULLs and handed-back rows decode identically (%i-row FETCHes)', async (batchSize) => {
    const req = request(`SELECT * FROM ${table} ORDER BY id`, { tuning: { batchSize } })
    const before = pgWasmRowsDecoded()
    const wasm = await exportWith(source, req, {})
    const decoded = pgWasmRowsDecoded() - before
    const perField = await exportWith(source, req, { [PG_WASM_ENV]: '0' })
    const driver = await exportWith(source, req, { [WIRE_ENV]: '0' })
    const w = tableValues(wasm)
    expect(w.id).toHaveLength(3000)
    for (const [name, other] of [['per-field', perField], ['driver', driver]] as const) {
      const o = tableValues(other)
      for (const col of Object.keys(o)) expect(w[col], `${col} vs ${name}`).toEqual(o[col])
    }
    expect(wasm.map((b) => b.numRows)).toEqual(perField.map((b) => b.numRows))
    // all but the probe batch and the ~190 handed-back rows (nx beyond 18 digits, tstz in year 294276) went through the module
    expect(decoded).toBeGreaterThan(3000 - batchSize - 250)
    // known values, not only agreement
    expect(w.n10?.[0]).toBe('99999999.9999999999')
    expect(w.n10?.[1]).toBe('999999999.9999999999')
    expect(w.n18?.[1]).toBe('-0.000000000000000001')
    expect(w.n0?.[3]).toBe('9007199254740993')
    expect(w.i8?.[0]).toBe('-9223372036854775808')
    expect(w.jb?.[3]).toBe('{"nested": {"x": [true, null]}}')
    expect(w.u?.[3]).toBe('ff'.repeat(16))
  })

  it('a column the module does not decode keeps the whole export on the per-field path', async () => {
    const req = request(`SELECT id, n2, interval '1 day' * id AS iv FROM ${table} ORDER BY id`, { tuning: { batchSize: 500 } })
    const before = pgWasmRowsDecoded()
    const batches = await exportWith(source, req, {})
    expect(pgWasmRowsDecoded()).toBe(before)
    expect(tableValues(batches).id).toHaveLength(3000)
  })

  it('an override to another builder (decimal scale 2, text) decodes identically', async () => {
    const req = request(`SELECT id, n10, i8, txt FROM ${table} ORDER BY id`, {
      tuning: { batchSize: 700 },
      overrides: { n10: { kind: 'decimal', precision: 38, scale: 2 }, i8: { kind: 'string' } },
    })
    const wasm = await exportWith(source, req, {})
    const perField = await exportWith(source, req, { [PG_WASM_ENV]: '0' })
    expect(tableValues(wasm)).toEqual(tableValues(perField))
    expect(tableValues(wasm).n10?.[0]).toBe('99999999.99')
  })

  it('±infinity and NaN still fail with the column named (the module hands the row back)', async () => {
    const cases: [string, RegExp][] = [
      [`CASE WHEN g = 650 THEN 'infinity'::timestamptz ELSE now() END`, /column 'v': cannot represent timestamp value 'infinity'/],
      [`CASE WHEN g = 650 THEN '-infinity'::date ELSE current_date END`, /column 'v': cannot represent date value '-infinity'/],
      [`(CASE WHEN g = 650 THEN 'NaN'::numeric ELSE g END)::numeric(12,2)`, /NaN/],
    ]
    for (const [expr, message] of cases) {
      const err = await exportWith(source, request(`SELECT g AS id, ${expr} AS v FROM generate_series(1, 900) g`), {}).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(err, expr).toBeInstanceOf(RivetError)
      expect((err as RivetError).message).toMatch(message)
    }
    expect(await source.queryScalar("SELECT 'still here'")).toBe('still here')
  })

  it('the per-value ceiling applies in the module too', async () => {
    const sql = `SELECT g AS id, CASE WHEN g = 600 THEN repeat('z', 2 * 1024 * 1024) ELSE 'a' END AS big FROM generate_series(1, 800) g`
    const err = await exportWith(source, request(sql, { tuning: { maxValueMb: 1 } }), {}).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect((err as RivetError).code).toBe('RIVET_VALUE_TOO_LARGE')
    expect((err as RivetError).message).toContain("column 'big'")
  })
})
