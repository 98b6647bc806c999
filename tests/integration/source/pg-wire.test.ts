import type { RecordBatch } from 'apache-arrow'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { RivetError } from '../../../src/errors/index.js'
import type { ColumnOverrides, ResolvedSource, SourceTuning } from '../../../src/plan/run-plan.js'
import { PostgresSource } from '../../../src/source/postgres/postgres-source.js'
import { WIRE_ENV } from '../../../src/source/postgres/wire/wire-fetcher.js'
import type { ExportRequest } from '../../../src/source/source.js'
import type { RivetType } from '../../../src/types/index.js'
import { pgExec } from '../../helpers/pg.js'
import { uniqueName } from '../../helpers/unique-name.js'
import { tableValues } from '../../unit/source/mysql/arrow-values.js'

const url = inject('pgUrl')
const table = uniqueName('wire')
const mood = `${table}_mood`
const dom = `${table}_dom`

const TUNING: SourceTuning = {
  profile: 'fast', batchSize: 97, batchSizeMemoryMb: undefined, throttleMs: 0, statementTimeoutS: 0, maxRetries: 0,
  retryBackoffMs: 0, lockTimeoutS: 0, memoryThresholdMb: 0, maxBatchMemoryMb: undefined, onBatchMemoryExceeded: 'warn',
  adaptive: false, minParallel: undefined, maxValueMb: 256,
}

function request(sql: string, opts: { tuning?: Partial<SourceTuning>; overrides?: Record<string, RivetType>; signal?: AbortSignal } = {}): ExportRequest {
  const overrides: ColumnOverrides = new Map(Object.entries(opts.overrides ?? {}))
  return { sql, params: [], catalogTable: undefined, tuning: { ...TUNING, ...opts.tuning }, columnOverrides: overrides, ...(opts.signal ? { signal: opts.signal } : {}) }
}

function pgSource(u: string): ResolvedSource {
  return { engine: 'postgres', connection: { kind: 'url', url: u, origin: { kind: 'inline' } }, tls: undefined, environment: undefined }
}

/** Lists (Arrow vectors) as plain arrays so two batches' slices compare by value. */
function plain(values: Record<string, unknown[]>): Record<string, unknown[]> {
  const norm = (v: unknown): unknown => (v !== null && typeof v === 'object' && 'toArray' in v ? Array.from((v as { toArray: () => ArrayLike<unknown> }).toArray(), norm) : v)
  return Object.fromEntries(Object.entries(values).map(([k, vs]) => [k, vs.map(norm)]))
}

async function drain(stream: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = []
  for await (const b of stream) out.push(b)
  return out
}

/** Exports `sql` once through the driver path and once through the wire path. */
async function bothPaths(source: PostgresSource, req: ExportRequest): Promise<{ legacy: RecordBatch[]; wire: RecordBatch[] }> {
  process.env[WIRE_ENV] = '0'
  const legacy = await drain(await source.export(req))
  Reflect.deleteProperty(process.env, WIRE_ENV)
  const wire = await drain(await source.export(req))
  return { legacy, wire }
}

// Edge rows first, then generated rows so the export spans many FETCHes after the probe.
const DDL = `
CREATE TYPE ${mood} AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN ${dom} AS numeric(10,3);
CREATE TABLE ${table} (
  id int4 PRIMARY KEY, b bool, i2 int2, i8 int8, o oid, f4 float4, f8 float8,
  n numeric(38,10), n2 numeric(12,2), n0 numeric(20,0), nw numeric(60,20), dm ${dom},
  d date, t time, ts timestamp, tstz timestamptz,
  txt text, vc varchar(20), bp char(3), nm name, by bytea, js json, jb jsonb, u uuid, iv interval,
  e ${mood}, arr int4[], tarr text[]
);
INSERT INTO ${table} VALUES
 (1, true, -32768, -9223372036854775808, 4294967295, 1.5, 0.1,
  9999999999999999999999999999.9999999999, -0.01, 99999999999999999999, 1234567890123456789012345678901234567890.12345678901234567890, -1234567.891,
  '2024-02-29', '23:59:59.999999', '2024-03-10 02:30:00.123456', '2024-03-31 01:30:00+01',
  'héllo, "world"', 'line1
line2', 'ab', 'nm', '\\x00ff00', '{"a": [1, 2]}', '{"k": "v", "a": 1}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '1 day 02:03:04.5',
  'happy', '{1,NULL,3}', '{"x,y",NULL,"🦀"}'),
 (2, false, 32767, 9223372036854775807, 0, '-0', 1e300,
  -9999999999999999999999999999.9999999999, 0.5, -99999999999999999999, -0.00000000000000000001, 0,
  '0044-03-15 BC', '00:00:00', '1900-01-01 00:00:00.000001', '1969-12-31 23:59:59.999999+00',
  '', '', '   ', '', '\\x', 'null', '[]', '00000000-0000-0000-0000-000000000000', '-1 years',
  'sad', '{}', '{}'),
 (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (4, true, 0, 4503599627370497, 7, 'NaN', '-Infinity',
  0.0000000001, 12.34, 9007199254740993, 0.00000000000000000001, 0.001,
  '9999-12-31', '24:00:00', '0001-01-01 00:00:00', '294276-12-31 23:59:59.999999+00',
  repeat('x', 100000), 'z', 'xyz', repeat('n', 63), '\\x0001020304', ('{"big": "' || repeat('y', 102400) || '"}')::json, '{"nested": {"x": [true, null]}}', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '0 seconds',
  'ok', '{2147483647}', '{""}');
INSERT INTO ${table}
SELECT g, g % 3 = 0, (g % 32000)::int2, g::int8 * 1000003 - 5000000000, g, g / 7.0, g * 1.000001,
  (g * 12345.6789)::numeric(38,10), (g % 1000 - 500) / 3.0, g::numeric * 1000000007, (g::numeric / 7)::numeric(60,20), (g % 100) / 8.0,
  date '2000-01-01' + (g - 500), time '00:00' + g * interval '1.5 second', timestamp '1999-12-31 23:00' + g * interval '61.000001 seconds',
  timestamptz '1960-06-01 00:00+00' + g * interval '1 day 3 hours',
  CASE WHEN g % 11 = 0 THEN NULL ELSE 'row ' || g || ' ' || repeat('é', g % 5) END, 'v' || g, 'c' || (g % 10), 'n' || g,
  CASE WHEN g % 13 = 0 THEN NULL ELSE decode(lpad(to_hex(g), 8, '0'), 'hex') END, json_build_object('g', g), jsonb_build_object('g', g, 's', 'x' || g),
  md5(g::text)::uuid, g * interval '1 minute', (ARRAY['sad','ok','happy'])[g % 3 + 1]::${mood}, ARRAY[g, NULL, -g], ARRAY['a' || g, NULL]
FROM generate_series(5, 1600) g;
`

describe.skipIf(url === null)('PostgreSQL wire path: binary FETCH decoding equals the driver path', () => {
  let source: PostgresSource
  beforeAll(async () => {
    await pgExec(url as string, DDL)
    source = await PostgresSource.connect(pgSource(url as string))
  })
  afterEach(() => {
    Reflect.deleteProperty(process.env, WIRE_ENV)
  })
  afterAll(async () => {
    await source.close()
    await pgExec(url as string, `DROP TABLE IF EXISTS ${table}; DROP TYPE IF EXISTS ${mood}; DROP DOMAIN IF EXISTS ${dom};`)
  })

  it('every mapped type decodes to identical Arrow values (pipelined, 97-row FETCHes)', async () => {
    const { legacy, wire } = await bothPaths(source, request(`SELECT * FROM ${table} ORDER BY id`))
    expect(wire.map((b) => b.numRows)).toEqual(legacy.map((b) => b.numRows))
    expect(wire.length).toBeGreaterThan(10)
    expect(wire[0]?.schema.fields.map(String)).toEqual(legacy[0]?.schema.fields.map(String))
    const w = plain(tableValues(wire))
    const l = plain(tableValues(legacy))
    for (const col of Object.keys(l)) expect(w[col], col).toEqual(l[col])
    expect(w.id).toHaveLength(1600)
    // spot checks against known values, not only against the other path
    expect(w.i8?.[0]).toBe('-9223372036854775808')
    expect(w.i8?.[3]).toBe('4503599627370497')
    expect(w.nw?.[0]).toBe('1234567890123456789012345678901234567890.12345678901234567890')
    expect(w.n0?.[3]).toBe('9007199254740993')
    expect(w.n2?.[0]).toBe('-0.01')
    expect(w.jb?.[3]).toBe('{"nested": {"x": [true, null]}}')
    expect(w.t?.[3]).toBe('86400000000')
    expect(w.tarr?.[0]).toEqual(['x,y', null, '🦀'])
  })

  it('throttled exports (no pipelining) and column overrides decode identically', async () => {
    const req = request(`SELECT id, n, i8, ts, txt FROM ${table} ORDER BY id`, {
      tuning: { throttleMs: 1, batchSize: 400 },
      overrides: { n: { kind: 'decimal', precision: 38, scale: 2 }, i8: { kind: 'string' }, ts: { kind: 'timestamp', unit: 'millisecond', timezone: null } },
    })
    const { legacy, wire } = await bothPaths(source, req)
    expect(plain(tableValues(wire))).toEqual(plain(tableValues(legacy)))
    expect(tableValues(wire).n?.[0]).toBe('9999999999999999999999999999.99')
  })

  it('a value spread over many socket reads (8 MB bytea) arrives intact', async () => {
    const sql = `SELECT g AS id, CASE WHEN g = 700 THEN decode(repeat('0123456789abcdef', 524288), 'hex') ELSE '\\x01'::bytea END AS blob FROM generate_series(1, 800) g`
    const batches = await drain(await source.export(request(sql, { tuning: { batchSize: 500 } })))
    const blobs = tableValues(batches).blob as string[]
    expect(blobs).toHaveLength(800)
    expect(blobs[699]).toBe('0123456789abcdef'.repeat(524288))
    expect(blobs[698]).toBe('01')
  })

  it('a server error mid-stream is classified by SQLSTATE and the connection stays usable', async () => {
    const stream = await source.export(request('SELECT g, 1 / (g - 700) AS boom FROM generate_series(1, 1000) g'))
    const err = await drain(stream).then(() => undefined, (e: unknown) => e)
    expect(err).toBeInstanceOf(RivetError)
    expect((err as RivetError).code).toBe('RIVET_SOURCE_QUERY')
    expect((err as RivetError).message).toContain('22012')
    expect(await source.queryScalar('SELECT 41 + 1')).toBe('42')
  })

  it('an unrepresentable value fails with the column named, after draining the FETCH', async () => {
    const sql = `SELECT g AS id, CASE WHEN g = 650 THEN 'infinity'::timestamptz ELSE now() END AS at FROM generate_series(1, 900) g`
    const err = await drain(await source.export(request(sql))).then(() => undefined, (e: unknown) => e)
    expect((err as RivetError).message).toMatch(/column 'at': cannot represent timestamp value 'infinity'/)
    expect(await source.queryScalar("SELECT 'still here'")).toBe('still here')
  })

  it('the per-value ceiling applies to raw wire values', async () => {
    const sql = `SELECT g AS id, CASE WHEN g = 600 THEN repeat('z', 2 * 1024 * 1024) ELSE 'a' END AS big FROM generate_series(1, 800) g`
    const err = await drain(await source.export(request(sql, { tuning: { maxValueMb: 1 } }))).then(() => undefined, (e: unknown) => e)
    expect((err as RivetError).code).toBe('RIVET_VALUE_TOO_LARGE')
    expect((err as RivetError).message).toContain("column 'big'")
  })

  it('stopping early releases the socket and ends the transaction', async () => {
    const stream = await source.export(request(`SELECT * FROM ${table} ORDER BY id`))
    let seen = 0
    for await (const b of stream) {
      seen += b.numRows
      if (seen > 300) break
    }
    expect(await source.queryScalar('SELECT count(*) FROM pg_cursors')).toBe('0')
    expect(await source.queryScalar("SELECT current_setting('transaction_read_only')")).toBe('off')
  })
})
