// Longest single statement the server sees while rivet exports content_items at default settings
// (no tuning block, Parquet). PostgreSQL: pg_stat_activity, age of the active statement of the
// backend whose application_name is 'rivet'. MariaDB: information_schema.PROCESSLIST TIME_MS of
// the query naming the table. Both sampled every 20 ms, so a statement shorter than the period may
// be missed and a reported value can be up to one period short (dev/bench/mysql-longest-statement.mjs).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sampleMax, timed } from './measure.mjs'
import { rivetYaml } from './rivet-config.mjs'
import { REPO } from './runners.mjs'
import { mysqlConnection, pgClient } from './targets.mjs'

const SAMPLE_MS = 20

function pgSampler(client) {
  return async () => {
    const r = await client.query(
      `SELECT coalesce(max(extract(epoch FROM clock_timestamp() - query_start)), 0)::float8 AS s
       FROM pg_stat_activity WHERE application_name = 'rivet' AND state = 'active' AND datname = current_database()`,
    )
    return Number(r.rows[0].s) * 1000
  }
}

function mysqlSampler(conn) {
  return async () => {
    const [rows] = await conn.query(
      `SELECT coalesce(max(TIME_MS), 0) AS ms FROM information_schema.PROCESSLIST
       WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND COMMAND = 'Query' AND INFO LIKE '%content_items%'`,
    )
    return Number(rows[0].ms)
  }
}

/** One rivet run at defaults on content_items; returns { wall, rssMb, longestMs }. */
export async function longestStatement(engine, urls, tmpRoot) {
  const dir = mkdtempSync(join(tmpRoot, `longest-${engine}-`))
  const url = engine === 'postgres' ? urls.pg : urls.mysql
  writeFileSync(join(dir, 'rivet.yaml'), rivetYaml({ engine, url, table: 'content_items', format: 'parquet' }))
  const admin = engine === 'postgres' ? await pgClient(url) : await mysqlConnection(url)
  try {
    const sample = engine === 'postgres' ? pgSampler(admin) : mysqlSampler(admin)
    let longestMs = 0
    const env = { ...process.env, RIVET_LOG: 'warn' }
    delete env.RIVET_PG_FAST
    const spec = { cmd: process.execPath, args: [join(REPO, 'bin', 'rivet.js'), 'run', '-c', 'rivet.yaml'], cwd: dir, env }
    const result = await timed(spec, async (isRunning) => {
      longestMs = await sampleMax(isRunning, sample, SAMPLE_MS)
    })
    return { ...result, longestMs }
  } finally {
    await admin.end()
    rmSync(dir, { recursive: true, force: true })
  }
}
