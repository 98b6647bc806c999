// The comparisons the harness reports, each with its runners (A = rivet, B = baseline) and target.
// `kind` says how the row is computed (report.mjs): time ratio, speedup, longest statement, or
// peak RSS growth 1M → 5M.

const FAST_NOTE = 'fast profile'

export const COMPARISONS = [
  { name: 'pg-csv', label: 'CSV from PostgreSQL, orders: rivet vs `psql \\copy … csv header`', kind: 'ratio', a: 'rivet-pg-csv', b: 'psql-copy', max: 1.3, note: FAST_NOTE },
  {
    name: 'pg-csv-defaults',
    label: 'CSV from PostgreSQL, orders: rivet at defaults (balanced) vs `psql \\copy`',
    kind: 'ratio',
    a: 'rivet-pg-csv-defaults',
    b: 'psql-copy',
    max: null,
    note: 'informational: balanced sleeps 50 ms between 10k-row batches',
  },
  {
    name: 'pg-parquet',
    label: 'Parquet (zstd) from PostgreSQL, orders: rivet vs `psql \\copy` + DuckDB CSV→Parquet',
    kind: 'ratio',
    a: 'rivet-pg-parquet',
    b: 'psql-duckdb',
    max: 1.5,
    note: FAST_NOTE,
  },
  { name: 'mysql-csv', label: 'CSV from MariaDB, orders: rivet vs `mariadb --quick -B`', kind: 'ratio', a: 'rivet-my-csv', b: 'mariadb-quick', max: 1.3, note: FAST_NOTE },
  { name: 'naive', label: 'CSV from PostgreSQL, orders: rivet vs naive Node `SELECT *` script', kind: 'ratio', a: 'rivet-pg-csv', b: 'naive-node', max: 0.3, note: FAST_NOTE },
  { name: 'parallel', label: 'Chunked Parquet, orders (chunk_column id): `parallel: 2` vs `parallel: 1`', kind: 'speedup', a: 'rivet-pg-par2', b: 'rivet-pg-par1', min: 1.2, note: FAST_NOTE },
  { name: 'longest', label: 'Longest statement, content_items, rivet at defaults', kind: 'longest', engines: ['postgres', 'mysql'], maxMs: 250 },
  { name: 'rss', label: 'Peak RSS, orders (scale × 1M rows) vs orders_5m (scale × 5M)', kind: 'rss', formats: ['csv', 'parquet'] },
]

/** Only with `--variant legacy` (or named in --only): rivet with RIVET_PG_FAST=0 / RIVET_MYSQL_FAST=0 / RIVET_PG_WASM=0 / RIVET_CSV_WASM=0. */
export const LEGACY_COMPARISONS = [
  { name: 'pg-csv-legacy', label: 'CSV from PostgreSQL, orders: rivet RIVET_PG_FAST=0 vs `psql \\copy`', kind: 'ratio', a: 'rivet-pg-csv-legacy', b: 'psql-copy', max: 1.3, note: FAST_NOTE },
  {
    name: 'pg-parquet-legacy',
    label: 'Parquet from PostgreSQL, orders: rivet RIVET_PG_FAST=0 vs `psql \\copy` + DuckDB',
    kind: 'ratio',
    a: 'rivet-pg-parquet-legacy',
    b: 'psql-duckdb',
    max: 1.5,
    note: FAST_NOTE,
  },
  { name: 'pg-csv-pgwasm-legacy', label: 'CSV from PostgreSQL, orders: rivet RIVET_PG_WASM=0 vs `psql \\copy`', kind: 'ratio', a: 'rivet-pg-csv-pgwasm', b: 'psql-copy', max: 1.3, note: FAST_NOTE },
  { name: 'pg-csv-jsrender-legacy', label: 'CSV from PostgreSQL, orders: rivet RIVET_CSV_WASM=0 vs `psql \\copy`', kind: 'ratio', a: 'rivet-pg-csv-jsrender', b: 'psql-copy', max: 1.3, note: FAST_NOTE },
  { name: 'mysql-csv-jsrender-legacy', label: 'CSV from MariaDB, orders: rivet RIVET_CSV_WASM=0 vs `mariadb --quick -B`', kind: 'ratio', a: 'rivet-my-csv-jsrender', b: 'mariadb-quick', max: 1.3, note: FAST_NOTE },
  { name: 'mysql-csv-legacy', label: 'CSV from MariaDB, orders: rivet RIVET_MYSQL_FAST=0 vs `mariadb --quick -B`', kind: 'ratio', a: 'rivet-my-csv-legacy', b: 'mariadb-quick', max: 1.3, note: FAST_NOTE },
]

export const RSS_LIMIT_MB = { csv: 256, parquet: 512 }
export const RSS_RUNNERS = { csv: { m1: 'rivet-pg-csv', m5: 'rivet-pg-csv-5m' }, parquet: { m1: 'rivet-pg-parquet', m5: 'rivet-pg-parquet-5m' } }

export function selectComparisons(only, variant) {
  const all = [...COMPARISONS, ...LEGACY_COMPARISONS]
  if (only !== undefined) {
    for (const name of only) if (!all.some((c) => c.name === name)) throw new Error(`--only: unknown comparison '${name}' (known: ${all.map((c) => c.name).join(', ')})`)
    return all.filter((c) => only.includes(c.name))
  }
  return variant === 'legacy' ? all : COMPARISONS
}

/** Runner keys measured in the alternating rounds, in round order (each comparison's A before B). */
export function roundRunners(comparisons) {
  const keys = []
  const add = (k) => {
    if (!keys.includes(k)) keys.push(k)
  }
  for (const c of comparisons) {
    if (c.kind === 'ratio' || c.kind === 'speedup') [c.a, c.b].forEach(add)
    if (c.kind === 'rss') for (const f of c.formats) add(RSS_RUNNERS[f].m1)
  }
  return keys
}

export function enginesFor(comparisons) {
  const mysql = comparisons.some((c) => c.name.startsWith('mysql-') || c.kind === 'longest')
  return mysql ? ['pg', 'mysql'] : ['pg']
}
