import { describe, expect, it } from 'vitest'
import type { Logger } from '../../../../src/log/index.js'
import type { ResolvedSource, ResolvedTls } from '../../../../src/plan/run-plan.js'
import { classifyErrorNumber, classifyMssqlError, toMssqlQueryError } from '../../../../src/source/mssql/classify-error.js'
import { mssqlConnectConfig, parseMssqlUrl, tlsSettings } from '../../../../src/source/mssql/connect-options.js'
import { mssqlConnectError } from '../../../../src/source/mssql/mssql-source.js'
import { classifyMssqlProxy, detectMssqlProxy } from '../../../../src/source/mssql/proxy.js'

const tls = (mode: ResolvedTls['mode'], extra: Partial<ResolvedTls> = {}): ResolvedTls => ({ mode, modeExplicit: true, acceptInvalidCerts: false, acceptInvalidHostnames: false, ...extra })
const urlSource = (url: string, t?: ResolvedTls): ResolvedSource => ({ engine: 'mssql', connection: { kind: 'url', url, origin: { kind: 'inline' } }, tls: t, environment: undefined })

describe('SQL Server URL parsing', () => {
  it('sqlserver:// with credentials, port, database and query parameters', () => {
    expect(parseMssqlUrl('sqlserver://sa:p%40ss@db.example:1434/sales?encrypt=true&trustServerCertificate=false')).toEqual({
      host: 'db.example', port: 1434, instanceName: undefined, user: 'sa', password: 'p@ss', database: 'sales', encrypt: true, trustServerCertificate: false,
    })
  })

  it('mssql:// with an ADO/JDBC-style ;key=value tail', () => {
    expect(parseMssqlUrl('mssql://db.example:1433;databaseName=sales;user=rivet;password=s3;cret=x;encrypt=true')).toMatchObject({
      host: 'db.example', port: 1433, user: 'rivet', password: 's3', database: 'sales', encrypt: true,
    })
    expect(parseMssqlUrl('sqlserver://db.example;Initial Catalog=dw;User ID=u;Pwd=p;TrustServerCertificate=yes')).toMatchObject({
      host: 'db.example', port: undefined, user: 'u', password: 'p', database: 'dw', trustServerCertificate: true,
    })
  })

  it('named instances and bare ADO strings', () => {
    expect(parseMssqlUrl('sqlserver://u:p@host\\SQLEXPRESS/db')).toMatchObject({ host: 'host', instanceName: 'SQLEXPRESS', database: 'db' })
    expect(parseMssqlUrl('Server=tcp:db.example,1433;Database=dw;User Id=u;Password=p;Encrypt=True')).toMatchObject({
      host: 'db.example', port: 1433, user: 'u', password: 'p', database: 'dw', encrypt: true,
    })
    expect(() => parseMssqlUrl('postgres://x')).toThrow(/cannot be parsed/)
  })

  it('tls: block decides encryption; URL values only apply without one', () => {
    const e = parseMssqlUrl('sqlserver://u@127.0.0.1/db?encrypt=false')
    expect(tlsSettings(undefined, e)).toEqual({ encrypt: false, trustServerCertificate: true })
    expect(tlsSettings(tls('disable'), e)).toEqual({ encrypt: false, trustServerCertificate: true })
    expect(tlsSettings(tls('require'), e)).toEqual({ encrypt: true, trustServerCertificate: true })
    expect(tlsSettings(tls('verify-full'), e)).toEqual({ encrypt: true, trustServerCertificate: false })
    expect(tlsSettings(tls('verify-full', { acceptInvalidCerts: true }), e)).toEqual({ encrypt: true, trustServerCertificate: true })
    const cfg = mssqlConnectConfig(urlSource('sqlserver://u:p@db.example:1433/db?encrypt=false', tls('require')), { connectTimeoutMs: 1000 })
    expect(cfg.options).toMatchObject({ port: 1433, database: 'db', encrypt: true, trustServerCertificate: true, useUTC: true, requestTimeout: 0 })
    expect(cfg.authentication).toEqual({ type: 'default', options: { userName: 'u', password: 'p' } })
  })
})

describe('SQL Server error classification', () => {
  const sqlError = (number: number): Error => Object.assign(new Error(`error ${number}`), { number, code: 'EREQUEST' })
  it.each([
    [1205, { kind: 'transient', reconnect: false, extraDelayMs: 1000 }],
    [1222, { kind: 'transient', reconnect: false, extraDelayMs: 0 }],
    [4060, { kind: 'permanent' }],
    [18456, { kind: 'permanent' }],
    [40613, { kind: 'transient', reconnect: true, extraDelayMs: 0 }],
    [40197, { kind: 'transient', reconnect: true, extraDelayMs: 0 }],
    [40501, { kind: 'transient', reconnect: true, extraDelayMs: 0 }],
    [49918, { kind: 'transient', reconnect: true, extraDelayMs: 0 }],
    [49919, { kind: 'transient', reconnect: true, extraDelayMs: 0 }],
    [49920, { kind: 'transient', reconnect: true, extraDelayMs: 0 }],
  ])('error %i', (n, expected) => {
    expect(classifyErrorNumber(n)).toEqual(expected)
    expect(classifyMssqlError(sqlError(n))).toEqual(expected)
  })

  it('socket codes reconnect; unknown numbers fall back to the message, then permanent', () => {
    expect(classifyMssqlError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toEqual({ kind: 'transient', reconnect: true, extraDelayMs: 0 })
    expect(classifyMssqlError(Object.assign(new Error('Connection lost'), { code: 'ESOCKET' }))).toEqual({ kind: 'transient', reconnect: true, extraDelayMs: 0 })
    expect(classifyMssqlError(Object.assign(new Error('Transaction was deadlocked'), { number: 99999 }))).toMatchObject({ kind: 'transient', extraDelayMs: 1000 })
    expect(classifyMssqlError(sqlError(8115))).toEqual({ kind: 'permanent' })
    expect(toMssqlQueryError(sqlError(1205))).toMatchObject({ code: 'RIVET_SOURCE_QUERY', retry: { kind: 'transient' } })
  })

  it('connect failures: unreachable fast-fails with the doctor hint, login is an auth error', () => {
    const refused = Object.assign(new Error('Failed to connect to 127.0.0.1:1 - connect ECONNREFUSED'), { code: 'ESOCKET', cause: { code: 'ECONNREFUSED' } })
    expect(mssqlConnectError(refused)).toMatchObject({ code: 'RIVET_SOURCE_UNREACHABLE', retry: { kind: 'transient', reconnect: true } })
    expect(mssqlConnectError(refused).hint).toContain('rivet doctor')
    const login = Object.assign(new Error("Login failed for user 'sa'."), { code: 'ELOGIN', number: 18456 })
    expect(mssqlConnectError(login)).toMatchObject({ code: 'RIVET_SOURCE_AUTH' })
  })
})

describe('SQL Server proxy detection (D22)', () => {
  it('SPID drift and Azure editions', () => {
    expect(classifyMssqlProxy(['51', '51'], '3')).toBe('direct')
    expect(classifyMssqlProxy(['51', '52'], '3')).toBe('multiplexed')
    expect(classifyMssqlProxy(['51', '51'], '5')).toBe('azure-gateway')
    expect(classifyMssqlProxy(['51', '51'], '8')).toBe('azure-gateway')
    expect(classifyMssqlProxy([undefined, undefined], undefined)).toBe('direct')
  })

  it('warns once from live probes', async () => {
    const warnings: string[] = []
    const log = { warn: (m: string) => warnings.push(m) } as unknown as Logger
    const kind = await detectMssqlProxy((sql) => Promise.resolve(sql.includes('EngineEdition') ? '5' : '60'), log)
    expect(kind).toBe('azure-gateway')
    expect(warnings).toHaveLength(1)
  })
})
