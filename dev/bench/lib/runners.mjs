// Every measured command, by key. A runner turns a fresh per-run directory into the spec that
// measure.timed() runs; `check` confirms the run produced output (so a silent no-op can't win).
import { readdirSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { rivetYaml } from './rivet-config.mjs'
import { mariadbCliArgs } from './targets.mjs'

export const REPO = resolve(import.meta.dirname, '..', '..', '..')
const CLI = join(REPO, 'bin', 'rivet.js')
const LIB = import.meta.dirname

/** The caller's environment without the fast-path switches, so only legacy rows set them. */
function baseEnv(extra = {}) {
  const { RIVET_PG_FAST: _pg, RIVET_MYSQL_FAST: _my, RIVET_CSV_WASM: _csv, RIVET_PG_WASM: _pgw, RIVET_MYSQL_WASM: _myw, RIVET_PARQUET_WORKER: _pqw, ...inherited } = process.env
  return { ...inherited, RIVET_LOG: 'warn', ...extra }
}

function rivet(config, env = {}) {
  return (dir, urls) => {
    writeFileSync(join(dir, 'rivet.yaml'), rivetYaml({ ...config, url: config.engine === 'mysql' ? urls.mysql : urls.pg }))
    return { cmd: process.execPath, args: [CLI, 'run', '-c', 'rivet.yaml'], cwd: dir, env: baseEnv(env) }
  }
}

/** Bytes of the files rivet wrote under ./out (manifest and markers excluded). */
function outputBytes(dir, ext) {
  let total = 0
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith(ext)) total += statSync(p).size
    }
  }
  walk(join(dir, 'out'))
  return total
}

const fileBytes = (name) => (dir) => statSync(join(dir, name)).size
const rivetBytes = (ext) => (dir) => outputBytes(dir, ext)
const psqlCopy = (table, file) => `\\copy ${table} to '${file}' csv header`

export const RUNNERS = {
  'rivet-pg-csv': { label: 'rivet CSV (fast)', spec: rivet({ engine: 'postgres', table: 'orders', format: 'csv', profile: 'fast' }), check: rivetBytes('.csv') },
  'rivet-pg-csv-defaults': { label: 'rivet CSV (defaults)', spec: rivet({ engine: 'postgres', table: 'orders', format: 'csv' }), check: rivetBytes('.csv') },
  'rivet-pg-csv-legacy': {
    label: 'rivet CSV (fast, RIVET_PG_FAST=0)',
    spec: rivet({ engine: 'postgres', table: 'orders', format: 'csv', profile: 'fast' }, { RIVET_PG_FAST: '0' }),
    check: rivetBytes('.csv'),
  },
  'rivet-pg-csv-pgwasm': {
    label: 'rivet CSV (fast, RIVET_PG_WASM=0)',
    spec: rivet({ engine: 'postgres', table: 'orders', format: 'csv', profile: 'fast' }, { RIVET_PG_WASM: '0' }),
    check: rivetBytes('.csv'),
  },
  'rivet-pg-csv-jsrender': {
    label: 'rivet CSV (fast, RIVET_CSV_WASM=0)',
    spec: rivet({ engine: 'postgres', table: 'orders', format: 'csv', profile: 'fast' }, { RIVET_CSV_WASM: '0' }),
    check: rivetBytes('.csv'),
  },
  'rivet-pg-parquet': { label: 'rivet Parquet zstd (fast)', spec: rivet({ engine: 'postgres', table: 'orders', format: 'parquet', profile: 'fast' }), check: rivetBytes('.parquet') },
  'rivet-pg-parquet-legacy': {
    label: 'rivet Parquet zstd (fast, RIVET_PG_FAST=0)',
    spec: rivet({ engine: 'postgres', table: 'orders', format: 'parquet', profile: 'fast' }, { RIVET_PG_FAST: '0' }),
    check: rivetBytes('.parquet'),
  },
  'rivet-pg-csv-5m': { label: 'rivet CSV (fast), orders_5m', spec: rivet({ engine: 'postgres', table: 'orders_5m', format: 'csv', profile: 'fast' }), check: rivetBytes('.csv') },
  'rivet-pg-parquet-5m': {
    label: 'rivet Parquet zstd (fast), orders_5m',
    spec: rivet({ engine: 'postgres', table: 'orders_5m', format: 'parquet', profile: 'fast' }),
    check: rivetBytes('.parquet'),
  },
  'rivet-pg-par1': {
    label: 'rivet chunked parallel 1',
    spec: rivet({ engine: 'postgres', table: 'orders', format: 'parquet', profile: 'fast', chunked: { column: 'id', parallel: 1 } }),
    check: rivetBytes('.parquet'),
  },
  'rivet-pg-par2': {
    label: 'rivet chunked parallel 2',
    spec: rivet({ engine: 'postgres', table: 'orders', format: 'parquet', profile: 'fast', chunked: { column: 'id', parallel: 2 } }),
    check: rivetBytes('.parquet'),
  },
  'rivet-my-csv': { label: 'rivet MySQL CSV (fast)', spec: rivet({ engine: 'mysql', table: 'orders', format: 'csv', profile: 'fast' }), check: rivetBytes('.csv') },
  'rivet-my-csv-legacy': {
    label: 'rivet MySQL CSV (fast, RIVET_MYSQL_FAST=0)',
    spec: rivet({ engine: 'mysql', table: 'orders', format: 'csv', profile: 'fast' }, { RIVET_MYSQL_FAST: '0' }),
    check: rivetBytes('.csv'),
  },
  'rivet-my-csv-jsrender': {
    label: 'rivet MySQL CSV (fast, RIVET_CSV_WASM=0)',
    spec: rivet({ engine: 'mysql', table: 'orders', format: 'csv', profile: 'fast' }, { RIVET_CSV_WASM: '0' }),
    check: rivetBytes('.csv'),
  },
  'psql-copy': {
    label: 'psql \\copy CSV',
    spec: (dir, urls) => ({ cmd: 'psql', args: [urls.pg, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', psqlCopy('orders', join(dir, 'orders.csv'))], cwd: dir, env: baseEnv() }),
    check: fileBytes('orders.csv'),
  },
  'psql-duckdb': {
    label: 'psql \\copy + DuckDB → Parquet zstd',
    spec: (dir, urls) => ({
      cmd: 'sh',
      args: ['-c', 'psql "$B_URL" -X -q -v ON_ERROR_STOP=1 -c "$B_COPY" && "$B_NODE" "$B_DUCK" orders.csv orders.parquet'],
      cwd: dir,
      env: baseEnv({ B_URL: urls.pg, B_COPY: psqlCopy('orders', join(dir, 'orders.csv')), B_NODE: process.execPath, B_DUCK: join(LIB, 'duckdb-csv-to-parquet.mjs') }),
    }),
    check: fileBytes('orders.parquet'),
  },
  'mariadb-quick': {
    label: 'mariadb --quick -B',
    spec: (dir, urls) => {
      const cli = mariadbCliArgs(urls.mysql)
      return { cmd: 'mariadb', args: [...cli.args, '--quick', '-B', '-e', 'SELECT * FROM orders'], cwd: dir, env: baseEnv(cli.env), stdoutFile: join(dir, 'orders.tsv') }
    },
    check: fileBytes('orders.tsv'),
  },
  'naive-node': {
    label: 'naive Node script (all rows in memory)',
    spec: (dir, urls) => ({ cmd: process.execPath, args: [join(LIB, 'naive-export.mjs'), urls.pg, 'orders', join(dir, 'orders.csv')], cwd: dir, env: baseEnv() }),
    check: fileBytes('orders.csv'),
  },
}
