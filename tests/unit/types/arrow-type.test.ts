import { Type, TimeUnit } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { RivetError } from '../../../src/errors/index.js'
import { arrowDataType, arrowField } from '../../../src/types/arrow-type.js'
import type { RivetType } from '../../../src/types/index.js'

describe('arrowDataType (Q01/G01)', () => {
  it.each<[RivetType, string]>([
    [{ kind: 'bool' }, 'Bool'],
    [{ kind: 'int16' }, 'Int16'],
    [{ kind: 'int32' }, 'Int32'],
    [{ kind: 'int64' }, 'Int64'],
    [{ kind: 'uint64' }, 'Uint64'],
    [{ kind: 'float32' }, 'Float32'],
    [{ kind: 'float64' }, 'Float64'],
    [{ kind: 'decimal', precision: 38, scale: 10 }, 'Decimal[38e+10]'],
    [{ kind: 'date' }, 'Date32<DAY>'],
    [{ kind: 'string' }, 'Utf8'],
    [{ kind: 'json' }, 'Utf8'],
    [{ kind: 'enum' }, 'Utf8'],
    [{ kind: 'interval' }, 'Utf8'],
    [{ kind: 'binary' }, 'Binary'],
    [{ kind: 'uuid' }, 'FixedSizeBinary[16]'],
  ])('%j → %s', (t, label) => {
    expect(String(arrowDataType(t) as unknown as { toString(): string })).toBe(label)
  })

  it('picks 128 or 256-bit decimals by precision', () => {
    const d38 = arrowDataType({ kind: 'decimal', precision: 38, scale: 2 })
    const d39 = arrowDataType({ kind: 'decimal', precision: 39, scale: 2 })
    expect(d38.typeId).toBe(Type.Decimal)
    expect((d38 as unknown as { bitWidth: number }).bitWidth).toBe(128)
    expect((d39 as unknown as { bitWidth: number }).bitWidth).toBe(256)
  })

  it('maps time and timestamps with unit and zone', () => {
    const t = arrowDataType({ kind: 'time', unit: 'microsecond' }) as unknown as { unit: TimeUnit; bitWidth: number }
    expect([t.unit, t.bitWidth]).toEqual([TimeUnit.MICROSECOND, 64])
    const tz = arrowDataType({ kind: 'timestamp', unit: 'microsecond', timezone: 'UTC' }) as unknown as {
      unit: TimeUnit
      timezone: string | null
    }
    expect([tz.unit, tz.timezone]).toEqual([TimeUnit.MICROSECOND, 'UTC'])
    const naive = arrowDataType({ kind: 'timestamp', unit: 'nanosecond', timezone: null }) as unknown as {
      unit: TimeUnit
      timezone: string | null
    }
    expect([naive.unit, naive.timezone]).toEqual([TimeUnit.NANOSECOND, null])
  })

  it('lists have a nullable item child', () => {
    const l = arrowDataType({ kind: 'list', inner: { kind: 'int32' } })
    expect(l.typeId).toBe(Type.List)
    expect(l.children[0]?.name).toBe('item')
    expect(l.children[0]?.nullable).toBe(true)
  })

  it('throws for unsupported types', () => {
    expect(() => arrowDataType({ kind: 'unsupported', nativeType: 'geometry', reason: 'PostGIS' })).toThrow(RivetError)
    expect(() => arrowDataType({ kind: 'list', inner: { kind: 'unsupported', nativeType: 'x', reason: 'y' } })).toThrow(
      RivetError,
    )
  })
})

describe('arrowField metadata', () => {
  it('carries native type, fidelity and logical type in a fixed order', () => {
    const f = arrowField('doc', { kind: 'json' }, { nativeType: 'jsonb', fidelity: 'logical_string' })
    expect([...f.metadata.entries()]).toEqual([
      ['rivet.native_type', 'jsonb'],
      ['rivet.fidelity', 'logical_string'],
      ['rivet.logical_type', 'json'],
      ['ARROW:extension:name', 'arrow.json'],
      ['ARROW:extension:metadata', ''],
    ])
    expect(f.nullable).toBe(true)
  })

  it('marks uuid with the arrow.uuid extension', () => {
    const f = arrowField('id', { kind: 'uuid' }, { nativeType: 'uuid', fidelity: 'exact' })
    expect(f.metadata.get('ARROW:extension:name')).toBe('arrow.uuid')
    expect(f.metadata.get('rivet.logical_type')).toBe('uuid')
  })

  it('plain columns have no logical type; meta columns may be non-nullable', () => {
    const f = arrowField('name', { kind: 'string' }, { nativeType: 'text', fidelity: 'exact', nullable: false })
    expect(f.metadata.has('rivet.logical_type')).toBe(false)
    expect([...f.metadata.keys()]).toEqual(['rivet.native_type', 'rivet.fidelity'])
    expect(f.nullable).toBe(false)
    const e = arrowField('mood', { kind: 'enum' }, { nativeType: 'mood', fidelity: 'compatible' })
    expect(e.metadata.get('rivet.logical_type')).toBe('enum')
    const i = arrowField('span', { kind: 'interval' }, { nativeType: 'interval', fidelity: 'compatible' })
    expect(i.metadata.get('rivet.logical_type')).toBe('interval')
  })
})
