#!/usr/bin/env node
// Micro-benchmark of the CSV encoder in isolation (issue 8): no database, no hashing, no disk.
//
//   npm run build && node dev/bench/csv-encode.mjs [--rows 100000] [--reps 15] [--dist dist/src[,OTHER/src]] [--only a,b]
//
// Builds realistic batches with the project's column builders (from the first --dist), renders
// each one --reps times through CsvFormat's writer into a discarding stream and prints the
// median (and min) CPU ns per row for every case: one single-column batch per column type of the
// `orders` bench table plus a few other types, then the whole 10-column orders batch. With
// several --dist directories (e.g. a saved copy of an older build) the implementations run in
// alternation, case by case, so machine noise hits them alike; it also checks their bytes match.
import { Buffer } from 'node:buffer'
import { Writable } from 'node:stream'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { list, parseArgs, positiveNumber } from './lib/args.mjs'

const opts = parseArgs(process.argv.slice(2), { rows: 'string', reps: 'string', dist: 'string', only: 'string' })
const rows = Math.floor(positiveNumber('rows', opts.rows, 100_000))
const reps = Math.floor(positiveNumber('reps', opts.reps, 15))
const dists = list(opts.dist) ?? [resolve(import.meta.dirname, '../../dist/src')]
const only = list(opts.only)

const load = (dir, rel) => import(pathToFileURL(resolve(dir, rel)).href)
const B = await load(dists[0], 'batch/index.js')
const impls = []
for (const d of dists) impls.push({ dir: d, CsvFormat: (await load(d, 'format/csv/csv-format.js')).CsvFormat })

/** Deterministic pseudo-random numbers (mulberry32) so every run renders the same bytes. */
function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const hex32 = (r) => {
  let s = ''
  for (let k = 0; k < 32; k++) s += '0123456789abcdef'[Math.floor(r() * 16)]
  return s
}
const T0 = Date.UTC(2025, 0, 1) * 1000 // micros

/** Column specs: name → [schema type, native type, builder factory, fill(col, i, r)]. */
const COLUMNS = {
  id: [{ kind: 'int64' }, 'int8', () => new B.Int64Column(), (c, i) => c.appendNumber(i + 1)],
  customer_id: [{ kind: 'int32' }, 'int4', () => new B.Int32Column(), (c, i, r) => c.append(Math.floor(r() * 100_000))],
  sku: [{ kind: 'string' }, 'text', () => new B.Utf8Column(), (c, i) => c.append(`SKU-${i % 5000}`)],
  amount: [{ kind: 'decimal', precision: 12, scale: 2 }, 'numeric(12,2)', () => new B.DecimalColumn(12, 2), (c, i, r) => c.appendScaled(Math.floor(r() * 100_000))],
  currency: [{ kind: 'string' }, 'bpchar', () => new B.Utf8Column(), (c, i) => c.append(['EUR', 'USD', 'GBP'][i % 3])],
  created_at: [{ kind: 'timestamp', unit: 'microsecond', timezone: null }, 'timestamp', () => new B.TimestampColumn('microsecond', null), (c, i) => c.appendMicros(T0 + i * 1_000_000)],
  updated_at: [{ kind: 'timestamp', unit: 'microsecond', timezone: 'UTC' }, 'timestamptz', () => new B.TimestampColumn('microsecond', 'UTC'), (c, i, r) => c.appendMicros(T0 + i * 1_000_000 + Math.floor(r() * 1_000_000))],
  note: [{ kind: 'string' }, 'text', () => new B.Utf8Column(), (c, i, r) => (r() < 0.05 ? c.appendNull() : c.append(hex32(r)))],
  paid: [{ kind: 'bool' }, 'bool', () => new B.BoolColumn(), (c, i, r) => c.append(r() < 0.5)],
  ref: [{ kind: 'uuid' }, 'uuid', () => new B.UuidColumn(), (c, i, r) => c.appendText(`${hex32(r).replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')}`)],
}
const EXTRA = {
  ts_random: [{ kind: 'timestamp', unit: 'microsecond', timezone: null }, 'timestamp', () => new B.TimestampColumn('microsecond', null), (c, i, r) => c.appendMicros(Math.floor((r() - 0.3) * 4e15))],
  date: [{ kind: 'date' }, 'date', () => new B.DateColumn(), (c, i, r) => c.appendDays(Math.floor(r() * 40_000) - 5_000)],
  time: [{ kind: 'time', unit: 'microsecond' }, 'time', () => new B.TimeColumn(), (c, i, r) => c.appendMicros(Math.floor(r() * 86_400_000_000))],
  float64: [{ kind: 'float64' }, 'float8', () => new B.Float64Column(), (c, i, r) => c.append(r() * 1000)],
  int64_wide: [{ kind: 'int64' }, 'int8', () => new B.Int64Column(), (c, i, r) => c.append(BigInt(Math.floor(r() * 2 ** 31)) << 32n)],
  text_quoted: [{ kind: 'string' }, 'text', () => new B.Utf8Column(), (c, i, r) => c.append(r() < 0.2 ? `say "hi", ${i}` : `plain text ${i}`)],
  dec38: [{ kind: 'decimal', precision: 38, scale: 10 }, 'numeric(38,10)', () => new B.DecimalColumn(38, 10), (c, i, r) => c.appendText(`${Math.floor(r() * 1e9)}${Math.floor(r() * 1e9)}.${Math.floor(r() * 1e9)}`)],
}

function build(names, specs) {
  const r = rng(42)
  const cols = names.map((n) => specs[n][2]())
  const schema = B.schemaFor(names.map((n) => ({ name: n, type: specs[n][0], nativeType: specs[n][1], fidelity: 'exact' })))
  const b = new B.BatchBuilder(schema, cols)
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < names.length; c++) specs[names[c]][3](cols[c], i, r)
    b.endRow()
  }
  return b.finish()
}

async function render(CsvFormat, batch, keep) {
  const chunks = []
  const out = new Writable({
    highWaterMark: 1 << 30,
    write(chunk, _enc, cb) {
      if (keep) chunks.push(chunk)
      cb()
    },
  })
  const w = new CsvFormat().createWriter(batch.schema, out)
  // CPU time, not wall time: other processes share the cores, and a descheduled thread
  // accumulates no CPU time (it does include GC helper threads of this process)
  const t0 = process.cpuUsage()
  await w.write(batch)
  const used = process.cpuUsage(t0)
  const ns = (used.user + used.system) * 1000
  await w.finish()
  return { ns, bytes: keep ? Buffer.concat(chunks) : undefined }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

const cases = [
  ...Object.keys(COLUMNS).map((n) => [n, [n], COLUMNS]),
  ...Object.keys(EXTRA).map((n) => [n, [n], EXTRA]),
  ['orders (10 cols)', Object.keys(COLUMNS), COLUMNS],
].filter(([name]) => only === undefined || only.includes(name) || (name.startsWith('orders') && only.includes('orders')))

console.log(`csv-encode: ${rows} rows/batch, ${reps} reps, node ${process.version}; median (min) CPU ns/row`)
console.log(['case'.padEnd(18), ...impls.map((_, k) => `impl ${k}`.padStart(18))].join(''))
for (const [name, names, specs] of cases) {
  const batch = build(names, specs)
  // byte-identity check across implementations, and warm-up
  const ref = (await render(impls[0].CsvFormat, batch, true)).bytes
  for (const im of impls.slice(1)) {
    const got = (await render(im.CsvFormat, batch, true)).bytes
    if (!got.equals(ref)) throw new Error(`${name}: output of ${im.dir} differs from ${impls[0].dir}`)
  }
  for (let k = 0; k < 3; k++) for (const im of impls) await render(im.CsvFormat, batch, false)
  const times = impls.map(() => [])
  for (let k = 0; k < reps; k++) for (let j = 0; j < impls.length; j++) times[j].push((await render(impls[j].CsvFormat, batch, false)).ns / rows)
  console.log([name.padEnd(18), ...times.map((t) => `${median(t).toFixed(1)} (${Math.min(...t).toFixed(1)})`.padStart(18))].join(''))
}
if (impls.length > 1) console.log(impls.map((im, k) => `impl ${k}: ${im.dir}`).join('\n'))
