import mysql from 'mysql2/promise'

/** Runs SQL (several statements allowed) on the integration MySQL/MariaDB. */
export async function mysqlExec(url: string, sql: string): Promise<void> {
  const conn = await mysql.createConnection({ uri: url, multipleStatements: true })
  try {
    await conn.query(sql)
  } finally {
    await conn.end()
  }
}
