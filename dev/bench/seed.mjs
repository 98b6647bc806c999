#!/usr/bin/env node
// Fixture generator for the benchmark harness (issue 8).
//
//   node dev/bench/seed.mjs [--scale 1] [--engines pg,mysql] [--with-5m] [--force]
//
// Creates orders (scale × 1M rows), content_items (scale × 100k rows of ~4 KB) and
// events_sparse (scale × 500k rows, ids over 0..10^12 with 20% in one dense cluster) in
// PostgreSQL ($RIVET_BENCH_PG_URL, default postgresql://postgres@127.0.0.1:5432/rivet_bench)
// and MariaDB ($RIVET_BENCH_MYSQL_URL, default mysql://root@127.0.0.1:3306/rivet_bench).
// --with-5m also seeds orders_5m (scale × 5M rows, PostgreSQL only). A table already seeded at
// this scale (row count matches rivet_bench_meta) is kept unless --force.
import { list, parseArgs, positiveNumber } from './lib/args.mjs'
import { seedAll } from './lib/seed-all.mjs'

const opts = parseArgs(process.argv.slice(2), { scale: 'string', engines: 'string', force: 'boolean', 'with-5m': 'boolean' })
const engines = list(opts.engines) ?? ['pg', 'mysql']
for (const e of engines) if (e !== 'pg' && e !== 'mysql') throw new Error(`--engines: unknown engine '${e}' (pg, mysql)`)
const counts = await seedAll({
  scale: positiveNumber('scale', opts.scale, 1),
  engines,
  force: opts.force === true,
  extraPg: opts['with-5m'] ? ['orders_5m'] : [],
  log: (line) => console.error(line),
})
console.log(JSON.stringify(counts))
