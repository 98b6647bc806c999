import pg from 'pg'

/** A client to the integration PostgreSQL; the caller ends it. */
export async function pgClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  return client
}

export async function pgExec(url: string, sql: string): Promise<void> {
  const c = await pgClient(url)
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}
