import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openSqliteStateStore, openStateStore, resolveStateLocation, STATE_DB_FILE } from '../../../src/state/index.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rivet-open-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('openStateStore', () => {
  it('creates .rivet_state.db in the config dir on first use', async () => {
    expect(existsSync(join(dir, STATE_DB_FILE))).toBe(false)
    const store = await openStateStore({ configDir: dir, env: { RIVET_STATE_URL: 'mysql://ignored' } })
    expect(store.location).toBe(join(dir, STATE_DB_FILE))
    expect(existsSync(join(dir, STATE_DB_FILE))).toBe(true)
    await store.close()
    await store.close()
  })

  it('names the path when the file cannot be opened', async () => {
    const missing = join(dir, 'no', 'such', 'dir')
    const err: unknown = await openStateStore({ configDir: missing, env: {} }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'RIVET_STATE_OPEN' })
    expect((err as Error).message).toContain(join(missing, STATE_DB_FILE))
  })

  it('selects PostgreSQL for RIVET_STATE_URL=postgres… and never shows the password', async () => {
    // port 1 on loopback refuses at once: no network involved
    const url = 'postgresql://rivet:s3cr3t-pw@127.0.0.1:1/state'
    expect(resolveStateLocation({ configDir: dir, env: { RIVET_STATE_URL: url } })).toEqual({
      kind: 'postgres', url, display: 'postgresql://REDACTED@127.0.0.1:1/state',
    })
    const err: unknown = await openStateStore({ configDir: dir, env: { RIVET_STATE_URL: url } }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'RIVET_STATE_OPEN' })
    expect((err as Error).message).toContain('127.0.0.1:1/state')
    expect(JSON.stringify(err)).not.toContain('s3cr3t')
    expect((err as Error).message).not.toContain('s3cr3t')
    expect(existsSync(join(dir, STATE_DB_FILE))).toBe(false)
  })

  it('stores on one file share a connection: closing one leaves the other working', async () => {
    const a = await openStateStore({ configDir: dir, env: {} })
    const b = await openStateStore({ configDir: dir, env: {} })
    // two transactions from two stores interleave without deadlocking the event loop
    await Promise.all([
      a.transaction(async (tx) => tx.cursors.set('a', '1', 't')),
      b.transaction(async (tx) => tx.cursors.set('b', '1', 't')),
    ])
    await a.close()
    await expect(a.cursors.list()).rejects.toMatchObject({ code: 'RIVET_STATE_READ' })
    expect((await b.cursors.list()).map((c) => c.exportName)).toEqual(['a', 'b'])
    await b.close()
    const c = await openStateStore({ configDir: dir, env: {} })
    expect(await c.cursors.list()).toHaveLength(2)
    await c.close()
  })

  it('works in memory for tests', async () => {
    const store = await openSqliteStateStore(':memory:')
    await store.cursors.set('x', '1', 't')
    expect(await store.cursors.list()).toHaveLength(1)
    await store.close()
  })

  it('rejects statements after close', async () => {
    const store = await openSqliteStateStore(':memory:')
    await store.close()
    await expect(store.cursors.list()).rejects.toMatchObject({ code: 'RIVET_STATE_READ' })
  })
})
