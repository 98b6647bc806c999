#!/usr/bin/env node
// Longest single statement rivet holds on MariaDB/MySQL while exporting a wide table
// (issue 5: "≤ 1 s with default settings" on a 100k-row wide table).
// Samples information_schema.PROCESSLIST (TIME_MS on MariaDB) every 25 ms while `rivet run`
// exports, for several export shapes, and prints one line per shape.
//
//   node dev/bench/mysql-longest-statement.mjs [rows=100000]
//   RIVET_BENCH_MYSQL_URL=mysql://root@127.0.0.1:3306/rivet_test (default)
//
// Needs `npm run build` first. Writes only to a temp directory; drops its table at the end.
import { spawn } from 'node:child_process'
import { setTimeout } from 'node:timers'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import mysql from 'mysql2/promise'

const rows = Number(process.argv[2] ?? 100_000)
const url = process.env.RIVET_BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/rivet_test'
const cli = resolve(import.meta.dirname, '..', '..', 'bin', 'rivet.js')
const table = `bench_wide_${rows}`
const admin = await mysql.createConnection({ uri: url, multipleStatements: true })

const cols = Array.from({ length: 12 }, (_, i) => `c${i} varchar(200)`).join(', ')
await admin.query(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (id bigint NOT NULL PRIMARY KEY, ${cols}, body text, amount decimal(12,2), at datetime(6)) ENGINE=InnoDB`)
const chunk = 5000
for (let start = 1; start <= rows; start += chunk) {
  const values = []
  for (let id = start; id < Math.min(start + chunk, rows + 1); id++) {
    values.push(`(${id}, ${Array.from({ length: 12 }, (_, i) => `'${'v'.repeat(100 + i)}'`).join(', ')}, '${'b'.repeat(800)}', ${(id % 10000) / 100}, '2025-01-01 00:00:00.000001')`)
  }
  await admin.query(`INSERT INTO ${table} VALUES ${values.join(',')}`)
}

const shapes = {
  'full (default)': '',
  'chunked (auto PK, chunk_size 10000)': '    mode: chunked\n    chunk_size: 10000\n',
  'keyset (chunk_by_key: id, 10000)': '    mode: chunked\n    chunk_by_key: id\n    chunk_size: 10000\n',
}

for (const [label, extra] of Object.entries(shapes)) {
  const dir = mkdtempSync(join(tmpdir(), 'rivet-bench-'))
  writeFileSync(
    join(dir, 'rivet.yaml'),
    `source:\n  type: mysql\n  url: "${url}"\nexports:\n  - name: wide\n    table: ${table}\n${extra}    format: parquet\n    destination: { type: local, path: ${dir}/out }\n`,
  )
  let longest = 0
  let longestSql = ''
  const started = Date.now()
  const child = spawn(process.execPath, [cli, 'run', '-c', join(dir, 'rivet.yaml')], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (b) => (stderr += b))
  const done = new Promise((r) => child.on('close', r))
  let running = true
  done.then(() => (running = false))
  while (running) {
    const [list] = await admin.query(`SELECT TIME_MS, INFO FROM information_schema.PROCESSLIST WHERE INFO LIKE '%${table}%' AND INFO NOT LIKE '%PROCESSLIST%'`)
    for (const p of list) if (Number(p.TIME_MS) > longest) [longest, longestSql] = [Number(p.TIME_MS), String(p.INFO).slice(0, 90)]
    await new Promise((r) => setTimeout(r, 25))
  }
  const code = await done
  console.log(`${label.padEnd(38)} exit=${code} wall=${((Date.now() - started) / 1000).toFixed(1)}s longest_statement=${(longest / 1000).toFixed(2)}s  ${longestSql}`)
  if (code !== 0) console.log(stderr)
  rmSync(dir, { recursive: true, force: true })
}
await admin.query(`DROP TABLE IF EXISTS ${table}`)
await admin.end()
