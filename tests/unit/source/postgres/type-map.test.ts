import { describe, expect, it } from 'vitest'
import { mapPgType, numericTypmod, type PgTypeInfo } from '../../../../src/source/postgres/type-map.js'
import { classifyPgError, classifySqlState } from '../../../../src/source/postgres/classify-error.js'

const none = new Map<number, PgTypeInfo>()

describe('PostgreSQL type mapping (Q01)', () => {
  it('maps scalar built-ins', () => {
    expect(mapPgType(20, -1, none).type).toEqual({ kind: 'int64' })
    expect(mapPgType(26, -1, none).type).toEqual({ kind: 'int64' })
    expect(mapPgType(1184, -1, none).type).toEqual({ kind: 'timestamp', unit: 'microsecond', timezone: 'UTC' })
    expect(mapPgType(3802, -1, none)).toMatchObject({ type: { kind: 'json' }, fidelity: 'logical_string' })
    expect(mapPgType(2950, -1, none).type).toEqual({ kind: 'uuid' })
  })

  it('numeric precision and scale come from the typmod; unconstrained is unsupported with a hint', () => {
    expect(numericTypmod(786438)).toEqual({ precision: 12, scale: 2 })
    expect(mapPgType(1700, 786438, none)).toMatchObject({ nativeType: 'numeric(12,2)', type: { kind: 'decimal', precision: 12, scale: 2 } })
    const un = mapPgType(1700, -1, none)
    expect(un.type.kind).toBe('unsupported')
    expect(un.note).toContain('columns:')
  })

  it('arrays become lists, numeric[] keeps (p,s), nested element failures are unsupported', () => {
    expect(mapPgType(1007, -1, none).type).toEqual({ kind: 'list', inner: { kind: 'int32' } })
    expect(mapPgType(1231, 786438, none).type).toEqual({ kind: 'list', inner: { kind: 'decimal', precision: 12, scale: 2 } })
    expect(mapPgType(1231, -1, none).type.kind).toBe('unsupported')
  })

  it('enums, domains and arrays of enums resolve through the catalog', () => {
    const catalog = new Map<number, PgTypeInfo>([
      [90001, { oid: 90001, name: 'mood', typtype: 'e', elem: 0, baseType: 0 }],
      [90002, { oid: 90002, name: '_mood', typtype: 'b', elem: 90001, baseType: 0 }],
      [90003, { oid: 90003, name: 'posint', typtype: 'd', elem: 0, baseType: 23 }],
      [90004, { oid: 90004, name: 'inet', typtype: 'b', elem: 0, baseType: 0 }],
    ])
    expect(mapPgType(90001, -1, catalog).type).toEqual({ kind: 'enum' })
    expect(mapPgType(90002, -1, catalog).type).toEqual({ kind: 'list', inner: { kind: 'enum' } })
    expect(mapPgType(90003, -1, catalog)).toMatchObject({ type: { kind: 'int32' }, nativeType: 'posint (int4)' })
    expect(mapPgType(90004, -1, catalog)).toMatchObject({ type: { kind: 'unsupported', nativeType: 'inet' } })
  })
})

describe('PostgreSQL error classification (F02, F03)', () => {
  it.each([
    ['08006', { kind: 'transient', reconnect: true, extraDelayMs: 0 }],
    ['57P01', { kind: 'transient', reconnect: true, extraDelayMs: 15_000 }],
    ['53300', { kind: 'transient', reconnect: true, extraDelayMs: 15_000 }],
    ['40001', { kind: 'transient', reconnect: false, extraDelayMs: 1_000 }],
    ['40P01', { kind: 'transient', reconnect: false, extraDelayMs: 1_000 }],
    ['55P03', { kind: 'transient', reconnect: false, extraDelayMs: 0 }],
    ['53200', { kind: 'transient', reconnect: false, extraDelayMs: 5_000 }],
    ['57014', { kind: 'permanent' }],
    ['28P01', { kind: 'permanent' }],
    ['42P01', { kind: 'permanent' }],
  ])('%s', (code, cls) => {
    expect(classifySqlState(code)).toEqual(cls)
  })

  it('uses Node socket codes before messages, and messages last', () => {
    expect(classifyPgError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toMatchObject({ kind: 'transient', reconnect: true })
    expect(classifyPgError(Object.assign(new Error('x'), { code: 'EPIPE' }))).toMatchObject({ kind: 'transient', reconnect: true })
    expect(classifyPgError(new Error('Connection terminated unexpectedly'))).toMatchObject({ kind: 'transient', reconnect: true })
    expect(classifyPgError(new Error('canceling statement due to statement timeout'))).toEqual({ kind: 'permanent' })
    expect(classifyPgError(new Error('something odd'))).toEqual({ kind: 'permanent' })
  })
})
