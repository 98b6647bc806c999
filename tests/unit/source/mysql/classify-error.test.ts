import { describe, expect, it } from 'vitest'
import { classifyErrno, classifyMysqlError, toMysqlQueryError } from '../../../../src/source/mysql/classify-error.js'

function dbError(errno: number, message = 'boom'): Error {
  return Object.assign(new Error(message), { errno, code: 'ER_X', sqlState: 'HY000' })
}

describe('MySQL error classification (F04)', () => {
  it.each([
    [1213, { kind: 'transient', reconnect: false, extraDelayMs: 1000 }],
    [1205, { kind: 'transient', reconnect: false, extraDelayMs: 0 }],
    [1040, { kind: 'transient', reconnect: true, extraDelayMs: 15000 }],
    [1053, { kind: 'transient', reconnect: true, extraDelayMs: 15000 }],
    [1045, { kind: 'permanent' }],
    [1044, { kind: 'permanent' }],
    [1049, { kind: 'permanent' }],
    [1146, { kind: 'permanent' }],
    [1064, { kind: 'permanent' }],
    [1054, { kind: 'permanent' }],
    [1142, { kind: 'permanent' }],
    [3024, { kind: 'permanent' }],
    [1969, { kind: 'permanent' }],
  ])('errno %i', (errno, expected) => {
    expect(classifyErrno(errno)).toEqual(expected)
    expect(classifyMysqlError(dbError(errno))).toEqual(expected)
  })

  it('errno wins over misleading message text', () => {
    // "timeout" alone would be transient by heuristics; 3024 is a duration timeout: permanent.
    expect(classifyMysqlError(dbError(3024, 'Query execution was interrupted, maximum statement execution time exceeded (timeout)'))).toEqual({ kind: 'permanent' })
    expect(classifyMysqlError(dbError(1213, 'access denied somewhere'))).toMatchObject({ kind: 'transient' })
  })

  it('Node socket codes and driver codes reconnect', () => {
    expect(classifyMysqlError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104 }))).toEqual({ kind: 'transient', reconnect: true, extraDelayMs: 0 })
    expect(classifyMysqlError(Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true }))).toEqual({ kind: 'transient', reconnect: true, extraDelayMs: 0 })
  })

  it('falls back to message heuristics last, unknown is permanent', () => {
    expect(classifyMysqlError(new Error('MySQL server has gone away'))).toMatchObject({ kind: 'transient', reconnect: true })
    expect(classifyMysqlError(dbError(1366, 'Incorrect string value'))).toEqual({ kind: 'permanent' })
    expect(classifyMysqlError('nope')).toEqual({ kind: 'permanent' })
  })

  it('statement timeouts become a permanent RIVET_SOURCE_TIMEOUT; other failures keep their class', () => {
    expect(toMysqlQueryError(dbError(1969))).toMatchObject({ code: 'RIVET_SOURCE_TIMEOUT', retry: { kind: 'permanent' } })
    expect(toMysqlQueryError(dbError(1213))).toMatchObject({ code: 'RIVET_SOURCE_QUERY', retry: { kind: 'transient', extraDelayMs: 1000 } })
  })
})
