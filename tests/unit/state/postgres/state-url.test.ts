import { describe, expect, it } from 'vitest'
import { isLocalStateHost, parseStateUrl, stateTlsMode } from '../../../../src/state/postgres/state-url.js'

describe('state URL', () => {
  it('require / verify-ca / verify-full negotiate TLS; anything else stays plaintext', () => {
    expect(stateTlsMode(new URL('postgresql://u:p@db/s?sslmode=require'))).toBe('require')
    expect(stateTlsMode(new URL('postgresql://u:p@db/s?sslmode=verify-ca'))).toBe('verify-ca')
    expect(stateTlsMode(new URL('postgresql://u:p@db/s?connect_timeout=5&sslmode=verify-full'))).toBe('verify-full')
    for (const q of ['', '?sslmode=disable', '?sslmode=prefer', '?sslmode=allow', '?sslmode=REQUIRE', '?sslmode=', '?xsslmode=require']) {
      expect(stateTlsMode(new URL(`postgresql://u:p@db/s${q}`)), q).toBe('off')
    }
  })
  it('the last sslmode wins, as in libpq', () => {
    expect(stateTlsMode(new URL('postgresql://db/s?sslmode=disable&sslmode=require'))).toBe('require')
    expect(stateTlsMode(new URL('postgresql://db/s?sslmode=require&sslmode=disable'))).toBe('off')
  })
  it('moves sslmode into TLS options and redacts the display form', () => {
    const t = parseStateUrl('postgresql://rivet:pw%40x@db.prod:5432/state?sslmode=require&application_name=a')
    expect(t.connectionString).toBe('postgresql://rivet:pw%40x@db.prod:5432/state?application_name=a')
    expect(t.ssl).toEqual({ rejectUnauthorized: false })
    expect(t.display).not.toContain('pw')
    expect(t.host).toBe('db.prod')
    expect(parseStateUrl('postgresql://db/s?sslmode=verify-full').ssl).toEqual({ rejectUnauthorized: true })
    const ca = parseStateUrl('postgresql://db/s?sslmode=verify-ca').ssl
    expect(ca).toMatchObject({ rejectUnauthorized: true })
    expect(ca === false ? undefined : ca.checkServerIdentity?.('db', {} as never)).toBeUndefined()
    expect(parseStateUrl('postgresql://db/s').ssl).toBe(false)
  })
  it('knows loopback hosts need no TLS', () => {
    for (const h of ['localhost', '127.0.0.1', '[::1]', '', '/var/run/postgresql']) expect(isLocalStateHost(h), h).toBe(true)
    for (const h of ['db.prod', '10.0.0.5', 'localhost.example.com']) expect(isLocalStateHost(h), h).toBe(false)
  })
})
