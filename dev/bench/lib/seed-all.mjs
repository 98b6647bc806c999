// Seeds the fixture tables on each requested engine (creating the bench database if missing).
import { seedMysql } from './seed-mysql.mjs'
import { seedPg } from './seed-pg.mjs'
import { benchUrls, ensureMysqlDatabase, ensurePgDatabase, mysqlConnection, pgClient } from './targets.mjs'

export const BASE_TABLES = ['orders', 'content_items', 'events_sparse']

/** `extraPg`: tables seeded on PostgreSQL only (orders_5m for the 1M→5M RSS comparison). */
export async function seedAll({ scale, engines, force = false, extraPg = [], log }) {
  const urls = benchUrls()
  const counts = {}
  if (engines.includes('pg')) {
    await ensurePgDatabase(urls.pg)
    const client = await pgClient(urls.pg)
    try {
      counts.pg = await seedPg(client, scale, [...BASE_TABLES, ...extraPg], { force, log })
    } finally {
      await client.end()
    }
  }
  if (engines.includes('mysql')) {
    await ensureMysqlDatabase(urls.mysql)
    const conn = await mysqlConnection(urls.mysql)
    try {
      counts.mysql = await seedMysql(conn, scale, BASE_TABLES, { force, log })
    } finally {
      await conn.end()
    }
  }
  return counts
}
