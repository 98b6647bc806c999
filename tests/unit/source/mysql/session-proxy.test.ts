import { describe, expect, it } from 'vitest'
import { classifyMysqlProxy, detectMysqlProxy, proxyWarning } from '../../../../src/source/mysql/proxy.js'
import { applySessionGuard, flavorOf, restoreStatements, timeoutStatement, type SqlRunner } from '../../../../src/source/mysql/session.js'
import type { Logger } from '../../../../src/log/index.js'

const none = { proxysqlInternalAccepted: false, versionComment: 'MariaDB Server', proxyVersion: undefined, connectionIds: ['7', '7'] as const }

describe('MySQL session guard (D05, D23)', () => {
  it('detects the flavour from VERSION()', () => {
    expect(flavorOf('10.11.19-MariaDB-0+deb12u1')).toBe('mariadb')
    expect(flavorOf('8.0.36')).toBe('mysql')
  })

  it('uses max_execution_time in ms on MySQL and max_statement_time in seconds on MariaDB', () => {
    const my = { flavor: 'mysql', version: '8.0', timeZone: 'SYSTEM', previousTimeout: '0' } as const
    const maria = { ...my, flavor: 'mariadb', previousTimeout: '0.000000' } as const
    expect(timeoutStatement(my, 300)).toBe('SET SESSION max_execution_time = 300000')
    expect(timeoutStatement(maria, 300)).toBe('SET SESSION max_statement_time = 300')
    expect(timeoutStatement(maria, 0)).toBe('SET SESSION max_statement_time = 0.000000')
  })

  it('restores the values read before the guard, quoting the zone safely', () => {
    expect(restoreStatements({ flavor: 'mysql', version: '8', timeZone: "Europe/Paris'--", previousTimeout: '1500' })).toEqual([
      "SET time_zone = 'Europe/Paris''--'",
      'SET SESSION max_execution_time = 1500',
    ])
    expect(restoreStatements({ flavor: 'mysql', version: '8', timeZone: 'SYSTEM', previousTimeout: 'garbage' })).toEqual(["SET time_zone = 'SYSTEM'"])
  })

  it('reads the previous values before setting UTC', async () => {
    const seen: string[] = []
    const run: SqlRunner = (sql) => {
      seen.push(sql)
      if (sql.startsWith('SELECT VERSION()')) return Promise.resolve([['8.0.36', 'SYSTEM']])
      if (sql.startsWith('SELECT @@session.max_execution_time')) return Promise.resolve([[0]])
      return Promise.resolve([])
    }
    const snap = await applySessionGuard(run)
    expect(snap).toEqual({ flavor: 'mysql', version: '8.0.36', timeZone: 'SYSTEM', previousTimeout: '0' })
    expect(seen).toEqual(['SELECT VERSION(), @@session.time_zone', 'SELECT @@session.max_execution_time', "SET time_zone = '+00:00'"])
  })
})

describe('MySQL proxy detection (D22)', () => {
  it('classifies by the strongest signal', () => {
    expect(classifyMysqlProxy(none)).toBe('direct')
    expect(classifyMysqlProxy({ ...none, proxysqlInternalAccepted: true })).toBe('proxysql')
    expect(classifyMysqlProxy({ ...none, versionComment: '(ProxySQL)' })).toBe('proxysql')
    expect(classifyMysqlProxy({ ...none, versionComment: 'MaxScale 23.08' })).toBe('maxscale')
    expect(classifyMysqlProxy({ ...none, proxyVersion: '2.5.5' })).toBe('proxysql')
    expect(classifyMysqlProxy({ ...none, connectionIds: ['7', '8'] })).toBe('multiplexed')
    expect(classifyMysqlProxy({ ...none, versionComment: 'maxscale', connectionIds: ['7', '8'] })).toBe('maxscale')
    expect(proxyWarning('direct')).toBeUndefined()
  })

  it('warns once on a live probe and never throws', async () => {
    const warnings: string[] = []
    const log = { warn: (msg: string) => warnings.push(msg) } as unknown as Logger
    let id = 10
    const run: SqlRunner = (sql) => {
      if (sql.startsWith('PROXYSQL')) return Promise.reject(new Error('syntax error'))
      if (sql.includes('proxy_version')) return Promise.reject(new Error('unknown variable'))
      if (sql.includes('CONNECTION_ID')) return Promise.resolve([[id++]])
      return Promise.resolve([['Source distribution']])
    }
    expect(await detectMysqlProxy(run, log)).toBe('multiplexed')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('CONNECTION_ID()')
  })
})
