import pg from 'pg'
import { openPostgresStateStore } from '../../../src/state/index.js'
import { uniqueName } from '../../helpers/unique-name.js'
import type { StateBackend } from '../../unit/state/repo-scenarios.js'

/** `url` with `search_path` pinned to `schema`, the way a user would point rivet at one. */
export function urlWithSchema(url: string, schema: string): string {
  const u = new URL(url)
  u.searchParams.set('options', `-csearch_path=${schema}`)
  return u.toString()
}

export async function createSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`CREATE SCHEMA ${schema}`)
  } finally {
    await client.end()
  }
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  } finally {
    await client.end()
  }
}

/** A fresh schema per test, dropped afterwards. */
export function pgBackend(url: string): StateBackend {
  return {
    name: 'postgres',
    async open() {
      const schema = uniqueName('rivet_state')
      await createSchema(url, schema)
      const store = await openPostgresStateStore(urlWithSchema(url, schema))
      return { store, cleanup: () => dropSchema(url, schema) }
    },
  }
}
