#!/usr/bin/env node
// The "naive script" baseline: what someone writes in five minutes with node-postgres. One
// `SELECT *` with every row held in memory, then CSV built with a plain join (no quoting; the
// orders fixture has no commas or quotes in its values).
//
//   node dev/bench/lib/naive-export.mjs <postgres-url> <table> <out.csv>
import { writeFileSync } from 'node:fs'
import pg from 'pg'

const [url, table, out] = process.argv.slice(2)
if (out === undefined) throw new Error('usage: naive-export.mjs <postgres-url> <table> <out.csv>')
if (!/^[A-Za-z0-9_]+$/.test(table)) throw new Error(`table '${table}': letters, digits and _ only`)
const client = new pg.Client({ connectionString: url })
await client.connect()
const result = await client.query(`SELECT * FROM ${table}`)
await client.end()
const names = result.fields.map((f) => f.name)
const cell = (v) => (v === null ? '' : v instanceof Date ? v.toISOString() : String(v))
const lines = result.rows.map((row) => names.map((n) => cell(row[n])).join(','))
writeFileSync(out, `${names.join(',')}\n${lines.join('\n')}\n`)
