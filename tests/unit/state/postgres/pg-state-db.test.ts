import { beforeEach, describe, expect, it, vi } from 'vitest'

const warn = vi.fn()
vi.mock('../../../../src/log/index.js', () => ({
  logger: () => ({ warn, debug: vi.fn(), info: vi.fn(), error: vi.fn() }),
}))

const { PgStateDb } = await import('../../../../src/state/postgres/pg-state-db.js')
const { parseStateUrl } = await import('../../../../src/state/postgres/state-url.js')

/** Loopback port 1 refuses at once; `host` only drives the TLS warning. */
function target(host: string, sslmode?: string) {
  const parsed = parseStateUrl(`postgresql://rivet:pw@127.0.0.1:1/state${sslmode === undefined ? '' : `?sslmode=${sslmode}`}`)
  return { ...parsed, host }
}

describe('PgStateDb.connect', () => {
  beforeEach(() => {
    warn.mockClear()
  })

  it('warns when a remote host is reached without TLS', async () => {
    await expect(PgStateDb.connect(target('statedb.internal'))).rejects.toBeDefined()
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/remote host without TLS.*sslmode=require/)
  })

  it('stays quiet for loopback hosts and for TLS connections', async () => {
    await expect(PgStateDb.connect(target('127.0.0.1'))).rejects.toBeDefined()
    await expect(PgStateDb.connect(target('statedb.internal', 'require'))).rejects.toBeDefined()
    expect(warn).not.toHaveBeenCalled()
  })
})
