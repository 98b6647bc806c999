import { type DataType, TimeUnit, Type } from 'apache-arrow'

const UNIT: Readonly<Record<number, string>> = {
  [TimeUnit.SECOND]: 'Second',
  [TimeUnit.MILLISECOND]: 'Millisecond',
  [TimeUnit.MICROSECOND]: 'Microsecond',
  [TimeUnit.NANOSECOND]: 'Nanosecond',
}

interface TypeShape {
  readonly bitWidth?: number
  readonly isSigned?: boolean
  readonly precision?: number
  readonly scale?: number
  readonly unit?: number
  readonly timezone?: string | null
  readonly byteWidth?: number
  readonly children?: readonly { readonly type: DataType }[]
}

/** Arrow type in the arrow-rs spelling users see in upstream messages (`Decimal256(60, 2)`). */
export function arrowTypeLabel(type: DataType): string {
  const t = type as unknown as TypeShape
  switch (type.typeId) {
    case Type.Bool:
      return 'Boolean'
    case Type.Int:
      return `${t.isSigned === false ? 'UInt' : 'Int'}${t.bitWidth ?? 32}`
    case Type.Float:
      return ['Float16', 'Float32', 'Float64'][t.precision ?? 2] ?? 'Float64'
    case Type.Decimal:
      return `Decimal${t.bitWidth ?? 128}(${t.precision ?? 0}, ${t.scale ?? 0})`
    case Type.Date:
      return 'Date32'
    case Type.Time:
      return `Time${t.bitWidth ?? 64}(${UNIT[t.unit ?? 0] ?? '?'})`
    case Type.Timestamp:
      return `Timestamp(${UNIT[t.unit ?? 0] ?? '?'}, ${t.timezone ? `Some("${t.timezone}")` : 'None'})`
    case Type.Utf8:
      return 'Utf8'
    case Type.Binary:
      return 'Binary'
    case Type.FixedSizeBinary:
      return `FixedSizeBinary(${t.byteWidth ?? 0})`
    case Type.List: {
      const child = t.children?.[0]
      return `List(${child === undefined ? '?' : arrowTypeLabel(child.type)})`
    }
    default:
      return Type[type.typeId]
  }
}
