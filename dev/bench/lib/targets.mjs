// Database targets for the benchmark: URLs from the environment, the bench database created on
// first use, and the connection flags the `mariadb` command-line client needs (it takes no URL).
import mysql from 'mysql2/promise'
import { URL } from 'node:url'
import pg from 'pg'

export const DEFAULT_PG_URL = 'postgresql://postgres@127.0.0.1:5432/rivet_bench'
export const DEFAULT_MYSQL_URL = 'mysql://root@127.0.0.1:3306/rivet_bench'

export function benchUrls(env = process.env) {
  return {
    pg: env.RIVET_BENCH_PG_URL || DEFAULT_PG_URL,
    mysql: env.RIVET_BENCH_MYSQL_URL || DEFAULT_MYSQL_URL,
  }
}

function dbName(url) {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''))
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`bench database name '${name}' in ${redact(url)}: use letters, digits and _ only`)
  return name
}

/** The URL with any password replaced, for messages. */
export function redact(url) {
  const u = new URL(url)
  if (u.password) u.password = '***'
  return u.toString()
}

export async function ensurePgDatabase(url) {
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    const name = dbName(url)
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`)
  } finally {
    await client.end()
  }
}

export async function ensureMysqlDatabase(url) {
  const admin = new URL(url)
  admin.pathname = '/'
  const conn = await mysql.createConnection({ uri: admin.toString(), connectTimeout: 5000 })
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${dbName(url)}\` CHARACTER SET utf8mb4`)
  } finally {
    await conn.end()
  }
}

export async function pgClient(url) {
  const client = new pg.Client({ connectionString: url, application_name: 'rivet-bench' })
  await client.connect()
  return client
}

export function mysqlConnection(url) {
  return mysql.createConnection({ uri: url, multipleStatements: true })
}

/** argv and env for the `mariadb` client (the password goes through MYSQL_PWD, never argv). */
export function mariadbCliArgs(url) {
  const u = new URL(url)
  const args = ['-h', u.hostname, '-P', u.port || '3306', '-u', decodeURIComponent(u.username || 'root')]
  const env = u.password ? { MYSQL_PWD: decodeURIComponent(u.password) } : {}
  return { args: [...args, dbName(url)], env }
}
