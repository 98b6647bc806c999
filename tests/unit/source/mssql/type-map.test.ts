import { describe, expect, it } from 'vitest'
import { mapMssqlType, type MssqlColumnMeta } from '../../../../src/source/mssql/type-map.js'

function col(typeName: string, extra: Partial<MssqlColumnMeta> = {}): MssqlColumnMeta {
  return { name: 'c', typeName, precision: undefined, scale: undefined, dataLength: undefined, ...extra }
}

describe('mapMssqlType (Q03)', () => {
  it.each([
    ['Bit', col('Bit'), { kind: 'bool' }],
    ['BitN', col('BitN', { dataLength: 1 }), { kind: 'bool' }],
    ['TinyInt', col('TinyInt'), { kind: 'int16' }],
    ['SmallInt', col('SmallInt'), { kind: 'int16' }],
    ['Int', col('Int'), { kind: 'int32' }],
    ['BigInt', col('BigInt'), { kind: 'int64' }],
    ['IntN(1)', col('IntN', { dataLength: 1 }), { kind: 'int16' }],
    ['IntN(2)', col('IntN', { dataLength: 2 }), { kind: 'int16' }],
    ['IntN(4)', col('IntN', { dataLength: 4 }), { kind: 'int32' }],
    ['IntN(8)', col('IntN', { dataLength: 8 }), { kind: 'int64' }],
    ['Real', col('Real'), { kind: 'float32' }],
    ['Float', col('Float'), { kind: 'float64' }],
    ['FloatN(4)', col('FloatN', { dataLength: 4 }), { kind: 'float32' }],
    ['FloatN(8)', col('FloatN', { dataLength: 8 }), { kind: 'float64' }],
    ['Money', col('Money'), { kind: 'decimal', precision: 19, scale: 4 }],
    ['SmallMoney', col('SmallMoney'), { kind: 'decimal', precision: 10, scale: 4 }],
    ['MoneyN(8)', col('MoneyN', { dataLength: 8 }), { kind: 'decimal', precision: 19, scale: 4 }],
    ['MoneyN(4)', col('MoneyN', { dataLength: 4 }), { kind: 'decimal', precision: 10, scale: 4 }],
    ['DecimalN(18,2)', col('DecimalN', { precision: 18, scale: 2 }), { kind: 'decimal', precision: 18, scale: 2 }],
    ['NumericN(38,10)', col('NumericN', { precision: 38, scale: 10 }), { kind: 'decimal', precision: 38, scale: 10 }],
    ['UniqueIdentifier', col('UniqueIdentifier'), { kind: 'uuid' }],
    ['Char', col('Char'), { kind: 'string' }],
    ['VarChar', col('VarChar'), { kind: 'string' }],
    ['NChar', col('NChar'), { kind: 'string' }],
    ['NVarChar', col('NVarChar'), { kind: 'string' }],
    ['Text', col('Text'), { kind: 'string' }],
    ['NText', col('NText'), { kind: 'string' }],
    ['Binary', col('Binary'), { kind: 'binary' }],
    ['VarBinary', col('VarBinary'), { kind: 'binary' }],
    ['Image', col('Image'), { kind: 'binary' }],
    ['Date', col('Date'), { kind: 'date' }],
    ['Time', col('Time', { scale: 7 }), { kind: 'time', unit: 'microsecond' }],
    ['DateTime', col('DateTime'), { kind: 'timestamp', unit: 'microsecond', timezone: null }],
    ['DateTimeN(4)', col('DateTimeN', { dataLength: 4 }), { kind: 'timestamp', unit: 'microsecond', timezone: null }],
    ['SmallDateTime', col('SmallDateTime'), { kind: 'timestamp', unit: 'microsecond', timezone: null }],
    ['DateTime2', col('DateTime2', { scale: 7 }), { kind: 'timestamp', unit: 'microsecond', timezone: null }],
    ['DateTimeOffset', col('DateTimeOffset', { scale: 7 }), { kind: 'timestamp', unit: 'microsecond', timezone: 'UTC' }],
  ])('%s', (_label, meta, type) => {
    expect(mapMssqlType(meta).type).toEqual(type)
  })

  it.each(['Xml', 'UDT', 'Variant', 'Null'])('%s is unsupported', (name) => {
    expect(mapMssqlType(col(name)).type.kind).toBe('unsupported')
  })

  it('wide decimals and money are exact when selected as text, lossy only as driver doubles (fallback)', () => {
    expect(mapMssqlType(col('DecimalN', { precision: 15, scale: 2 })).fidelity).toBe('exact')
    expect(mapMssqlType(col('DecimalN', { precision: 38, scale: 2, asText: true }))).toMatchObject({ fidelity: 'exact', nativeType: 'decimal(38,2)', note: undefined })
    expect(mapMssqlType(col('NumericN', { precision: 20, scale: 0, asText: true }))).toMatchObject({ fidelity: 'exact', nativeType: 'numeric(20,0)' })
    expect(mapMssqlType(col('MoneyN', { dataLength: 8, precision: 19, scale: 4, asText: true }))).toMatchObject({ fidelity: 'exact', nativeType: 'money', type: { kind: 'decimal', precision: 19, scale: 4 } })
    expect(mapMssqlType(col('DecimalN', { precision: 38, scale: 2 }))).toMatchObject({ fidelity: 'lossy', nativeType: 'decimal(38,2)' })
    expect(mapMssqlType(col('MoneyN', { dataLength: 8 })).fidelity).toBe('lossy')
    expect(mapMssqlType(col('Money')).fidelity).toBe('lossy')
    // smallmoney (≤ 10 digits) is exact as a double.
    expect(mapMssqlType(col('MoneyN', { dataLength: 4 })).fidelity).toBe('exact')
    expect(mapMssqlType(col('DecimalN')).type.kind).toBe('unsupported')
  })
})
