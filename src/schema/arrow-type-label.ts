import { DataType, type Field, type Schema, type TimeUnit as ArrowTimeUnit } from 'apache-arrow'

/**
 * Stable, arrow-rs-style text for an Arrow type (`Int64`, `Decimal128(12, 2)`,
 * `Timestamp(Microsecond, Some("UTC"))`). Used in schema snapshots (I08), drift messages
 * and the schema fingerprint (J02), so it must never change for a given type.
 */
const UNITS = ['Second', 'Millisecond', 'Microsecond', 'Nanosecond'] as const

function unit(u: ArrowTimeUnit): string {
  return UNITS[u] ?? String(u)
}

export function arrowTypeLabel(type: DataType): string {
  if (DataType.isBool(type)) return 'Boolean'
  if (DataType.isInt(type)) return `${type.isSigned ? 'Int' : 'UInt'}${type.bitWidth}`
  if (DataType.isFloat(type)) return ['Float16', 'Float32', 'Float64'][type.precision] ?? 'Float'
  if (DataType.isDecimal(type)) return `Decimal${type.bitWidth}(${type.precision}, ${type.scale})`
  if (DataType.isDate(type)) return type.unit === 0 ? 'Date32' : 'Date64'
  if (DataType.isTime(type)) return `Time${type.bitWidth}(${unit(type.unit)})`
  if (DataType.isTimestamp(type)) return `Timestamp(${unit(type.unit)}, ${type.timezone === null ? 'None' : `Some("${type.timezone}")`})`
  if (DataType.isUtf8(type)) return 'Utf8'
  if (DataType.isLargeUtf8(type)) return 'LargeUtf8'
  if (DataType.isBinary(type)) return 'Binary'
  if (DataType.isFixedSizeBinary(type)) return `FixedSizeBinary(${type.byteWidth})`
  if (DataType.isList(type)) {
    const child = type.children[0]
    return `List(${child === undefined ? '?' : arrowTypeLabel(child.type as DataType)})`
  }
  return type.toString()
}

/** `[name, type label]` per field, in schema order. */
export function schemaColumns(schema: Schema): { name: string; type: string }[] {
  return schema.fields.map((f: Field) => ({ name: f.name, type: arrowTypeLabel(f.type as DataType) }))
}
