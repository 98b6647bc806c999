#!/usr/bin/env node
// Second half of the Parquet baseline: DuckDB reads the CSV `psql \copy` wrote, with the orders
// columns' real types (not sniffed), and writes Parquet with zstd.
//
//   node dev/bench/lib/duckdb-csv-to-parquet.mjs <in.csv> <out.parquet> [columns-json]
// columns-json: {"name": "DUCKDB TYPE", ...}; default: the orders fixture's columns.
import { DuckDBInstance } from '@duckdb/node-api'
import { ORDERS_DUCKDB_COLUMNS } from './fixtures.mjs'

const [csv, parquet, columnsJson] = process.argv.slice(2)
if (parquet === undefined) throw new Error('usage: duckdb-csv-to-parquet.mjs <in.csv> <out.parquet> [columns-json]')
const columns = columnsJson === undefined ? ORDERS_DUCKDB_COLUMNS : JSON.parse(columnsJson)
const quote = (s) => `'${String(s).replace(/'/g, "''")}'`
const struct = Object.entries(columns).map(([name, type]) => `${quote(name)}: ${quote(type)}`).join(', ')
const instance = await DuckDBInstance.create(':memory:')
const conn = await instance.connect()
await conn.run(
  `COPY (SELECT * FROM read_csv(${quote(csv)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '', columns = {${struct}}))
   TO ${quote(parquet)} (FORMAT parquet, COMPRESSION zstd)`,
)
conn.closeSync()
instance.closeSync()
