import pg from 'pg'
import mysql from 'mysql2/promise'

/**
 * Test database discovery (STYLE §8). URLs come from the environment, defaulting to the
 * local services of this machine kind. A database that does not answer is skipped with one
 * loud line, except under CI=true where it fails the run naming the setup step.
 */
export const DEFAULT_PG_URL = 'postgresql://postgres@127.0.0.1:5432/rivet_test'
export const DEFAULT_MYSQL_URL = 'mysql://root@127.0.0.1:3306/rivet_test'

export interface DatabaseTargets {
  pgUrl: string | null
  mysqlUrl: string | null
  mssqlUrl: string | null
  skipReasons: string[]
}

async function ensurePg(url: string): Promise<void> {
  const target = new URL(url)
  const dbName = decodeURIComponent(target.pathname.replace(/^\//, ''))
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`)
  } finally {
    await client.end()
  }
}

async function ensureMysql(url: string): Promise<void> {
  const target = new URL(url)
  const dbName = decodeURIComponent(target.pathname.replace(/^\//, ''))
  const admin = new URL(url)
  admin.pathname = '/'
  const conn = await mysql.createConnection({ uri: admin.toString(), connectTimeout: 5000 })
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${dbName.replace(/`/g, '``')}\` CHARACTER SET utf8mb4`)
  } finally {
    await conn.end()
  }
}

export async function discoverDatabases(env: NodeJS.ProcessEnv = process.env): Promise<DatabaseTargets> {
  const ci = env.CI === 'true' || env.CI === '1'
  const out: DatabaseTargets = { pgUrl: null, mysqlUrl: null, mssqlUrl: null, skipReasons: [] }
  const pgUrl = env.RIVET_TEST_PG_URL ?? DEFAULT_PG_URL
  try {
    await ensurePg(pgUrl)
    out.pgUrl = pgUrl
  } catch (err) {
    const reason = `PostgreSQL at ${pgUrl} did not answer (${(err as Error).message})`
    if (ci) throw new Error(`integration setup: ${reason}; .ci/run should have started it`, { cause: err })
    out.skipReasons.push(`SKIP postgres tests: ${reason}`)
  }
  const mysqlUrl = env.RIVET_TEST_MYSQL_URL ?? DEFAULT_MYSQL_URL
  try {
    await ensureMysql(mysqlUrl)
    out.mysqlUrl = mysqlUrl
  } catch (err) {
    const reason = `MySQL/MariaDB at ${mysqlUrl} did not answer (${(err as Error).message})`
    if (ci) throw new Error(`integration setup: ${reason}; .ci/run should have started it`, { cause: err })
    out.skipReasons.push(`SKIP mysql tests: ${reason}`)
  }
  if (env.RIVET_TEST_MSSQL_URL !== undefined && env.RIVET_TEST_MSSQL_URL !== '') out.mssqlUrl = env.RIVET_TEST_MSSQL_URL
  else out.skipReasons.push('SKIP mssql live tests: RIVET_TEST_MSSQL_URL is not set and no Docker engine answers here')
  return out
}
