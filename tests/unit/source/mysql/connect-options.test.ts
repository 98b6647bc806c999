import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ResolvedSource, ResolvedTls } from '../../../../src/plan/run-plan.js'
import { mysqlConnectOptions, sslOptions } from '../../../../src/source/mysql/connect-options.js'

const tls = (mode: ResolvedTls['mode'], extra: Partial<ResolvedTls> = {}): ResolvedTls => ({ mode, modeExplicit: true, acceptInvalidCerts: false, acceptInvalidHostnames: false, ...extra })
const urlSource = (url: string, t?: ResolvedTls): ResolvedSource => ({ engine: 'mysql', connection: { kind: 'url', url, origin: { kind: 'inline' } }, tls: t, environment: undefined })

describe('mysqlConnectOptions', () => {
  it('parses the URL itself (percent-decoded) and keeps values exact', () => {
    const o = mysqlConnectOptions(urlSource('mysql://us%40er:p%3Ass@db.example:3307/my%20db?ssl-mode=DISABLED'), { connectTimeoutMs: 1000 })
    expect(o).toMatchObject({ host: 'db.example', port: 3307, user: 'us@er', password: 'p:ss', database: 'my db' })
    expect(o).toMatchObject({ supportBigNumbers: true, bigNumberStrings: true, decimalNumbers: false, dateStrings: true, jsonStrings: true })
    // a bounded prepared-statement cache: the server's limit is shared by all its clients
    expect(o.maxPreparedStatements).toBe(8)
    expect(o.ssl).toBeUndefined()
  })

  it('URL ssl-mode never overrides the tls: block', () => {
    const o = mysqlConnectOptions(urlSource('mysql://u@db.example/x?ssl-mode=DISABLED', tls('require')), { connectTimeoutMs: 1000 })
    expect(o.ssl).toEqual({ rejectUnauthorized: false })
  })

  it('structured fields and default port', () => {
    const src: ResolvedSource = {
      engine: 'mysql',
      connection: { kind: 'fields', host: 'h', port: 3306, user: 'u', password: undefined, passwordOrigin: { kind: 'inline' }, database: 'd' },
      tls: undefined,
      environment: undefined,
    }
    expect(mysqlConnectOptions(src, { connectTimeoutMs: 1 })).toMatchObject({ host: 'h', port: 3306, user: 'u', database: 'd' })
    expect(mysqlConnectOptions(urlSource('mysql://u@h/d'), { connectTimeoutMs: 1 }).port).toBe(3306)
  })

  it('rejects a non-MySQL scheme', () => {
    expect(() => mysqlConnectOptions(urlSource('postgres://u@h/d'), { connectTimeoutMs: 1 })).toThrow(/scheme/)
  })

  it('maps TLS modes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rivet-ca-'))
    const ca = join(dir, 'ca.pem')
    writeFileSync(ca, 'PEM')
    expect(sslOptions(tls('disable'))).toBeUndefined()
    expect(sslOptions(tls('require'))).toEqual({ rejectUnauthorized: false })
    expect(sslOptions(tls('verify-ca', { caFile: ca }))).toEqual({ rejectUnauthorized: true, verifyIdentity: false, ca: 'PEM' })
    expect(sslOptions(tls('verify-full', { caFile: ca }))).toEqual({ rejectUnauthorized: true, verifyIdentity: true, ca: 'PEM' })
    expect(sslOptions(tls('verify-full', { acceptInvalidHostnames: true }))).toEqual({ rejectUnauthorized: true, verifyIdentity: false })
    expect(() => sslOptions(tls('verify-full', { caFile: join(dir, 'missing.pem') }))).toThrow(/ca_file/)
  })
})
