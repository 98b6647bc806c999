// Longest single statement the server sees while rivet exports content_items at default settings
// (no tuning block, Parquet). PostgreSQL: pg_stat_activity, age of the active statement of the
// backend whose application_name is 'rivet'. MariaDB: information_schema.PROCESSLIST TIME_MS of
// the statement naming the table, plain (`Query`) or prepared (`Execute`: key pages are). Both
// sampled every 20 ms, so a statement shorter than the period may be missed and a reported value
// can be up to one period short (dev/bench/mysql-longest-statement.mjs).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sampleMax, timed } from './measure.mjs'
import { rivetYaml } from './rivet-config.mjs'
import { REPO } from './runners.mjs'
import { mysqlConnection, pgClient } from './targets.mjs'

const SAMPLE_MS = 20

/** Each sampler returns the age (ms) of the oldest matching statement, and notes its text in `seen`. */
function pgSampler(client, seen) {
  return async () => {
    const r = await client.query(
      `SELECT extract(epoch FROM clock_timestamp() - query_start)::float8 * 1000 AS ms, left(query, 160) AS sql
       FROM pg_stat_activity WHERE application_name = 'rivet' AND state = 'active' AND datname = current_database()
       ORDER BY query_start LIMIT 1`,
    )
    return note(seen, r.rows[0])
  }
}

function mysqlSampler(conn, seen) {
  return async () => {
    const [rows] = await conn.query(
      `SELECT TIME_MS AS ms, LEFT(INFO, 160) AS \`sql\` FROM information_schema.PROCESSLIST
       WHERE DB = DATABASE() AND ID <> CONNECTION_ID() AND COMMAND IN ('Query', 'Execute') AND INFO LIKE '%content_items%'
       ORDER BY TIME_MS DESC LIMIT 1`,
    )
    return note(seen, rows[0])
  }
}

function note(seen, row) {
  if (row === undefined) return 0
  const ms = Number(row.ms)
  if (ms > seen.ms) Object.assign(seen, { ms, sql: String(row.sql).replace(/\s+/g, ' ') })
  return ms
}

/** One rivet run at defaults on content_items; returns { wall, rssMb, longestMs, longestSql }. */
export async function longestStatement(engine, urls, tmpRoot) {
  const dir = mkdtempSync(join(tmpRoot, `longest-${engine}-`))
  const url = engine === 'postgres' ? urls.pg : urls.mysql
  writeFileSync(join(dir, 'rivet.yaml'), rivetYaml({ engine, url, table: 'content_items', format: 'parquet' }))
  const admin = engine === 'postgres' ? await pgClient(url) : await mysqlConnection(url)
  try {
    const seen = { ms: 0, sql: '' }
    const sample = engine === 'postgres' ? pgSampler(admin, seen) : mysqlSampler(admin, seen)
    let longestMs = 0
    const env = { ...process.env, RIVET_LOG: 'warn' }
    delete env.RIVET_PG_FAST
    const spec = { cmd: process.execPath, args: [join(REPO, 'bin', 'rivet.js'), 'run', '-c', 'rivet.yaml'], cwd: dir, env }
    const result = await timed(spec, async (isRunning) => {
      longestMs = await sampleMax(isRunning, sample, SAMPLE_MS)
    })
    return { ...result, longestMs, longestSql: seen.sql }
  } finally {
    await admin.end()
    rmSync(dir, { recursive: true, force: true })
  }
}
