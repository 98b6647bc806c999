import {
  Binary,
  Bool,
  type DataType,
  DateDay,
  Decimal,
  Field,
  FixedSizeBinary,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  List,
  TimeMicrosecond,
  TimeMillisecond,
  TimeNanosecond,
  TimeSecond,
  Timestamp,
  TimeUnit as ArrowTimeUnit,
  Uint64,
  Utf8,
} from 'apache-arrow'
import { RivetError } from '../errors/index.js'
import { decimalByteWidth } from './decimal.js'
import { type Fidelity, type RivetType, type TimeUnit, rivetTypeLabel } from './rivet-type.js'

/** Field-metadata keys every rivet column carries (Q04); readers and type reports rely on them. */
export const META_NATIVE_TYPE = 'rivet.native_type'
export const META_FIDELITY = 'rivet.fidelity'
export const META_LOGICAL_TYPE = 'rivet.logical_type'
export const ARROW_EXTENSION_NAME = 'ARROW:extension:name'
export const ARROW_EXTENSION_METADATA = 'ARROW:extension:metadata'

export interface ArrowFieldMeta {
  readonly nativeType: string
  readonly fidelity: Fidelity
  /** Defaults to true: every output column is nullable except the meta columns (Q08). */
  readonly nullable?: boolean
}

/** The child field name of list columns (arrow-rs and pyarrow spell it `item`). */
export const LIST_ITEM_NAME = 'item'

/** Maps a rivet type to the Arrow physical type the builders and writers use (Q01/G01). */
export function arrowDataType(t: RivetType): DataType {
  switch (t.kind) {
    case 'bool':
      return new Bool()
    case 'int16':
      return new Int16()
    case 'int32':
      return new Int32()
    case 'int64':
      return new Int64()
    case 'uint64':
      return new Uint64()
    case 'float32':
      return new Float32()
    case 'float64':
      return new Float64()
    case 'decimal':
      if (t.precision < 1 || t.precision > 76) {
        throw new RivetError('RIVET_TYPE_UNSUPPORTED', `types: decimal precision ${t.precision} is outside 1..76`, {
          hint: 'override the column with `columns: { <col>: "decimal(p,s)" }` using a precision up to 76',
        })
      }
      return new Decimal(t.scale, t.precision, decimalByteWidth(t.precision) * 8)
    case 'date':
      return new DateDay()
    case 'time':
      return timeType(t.unit)
    case 'timestamp':
      return new Timestamp(arrowTimeUnit(t.unit), t.timezone)
    case 'string':
    case 'json':
    case 'enum':
    case 'interval':
      return new Utf8()
    case 'binary':
      return new Binary()
    case 'uuid':
      return new FixedSizeBinary(16)
    case 'list':
      return new List(new Field(LIST_ITEM_NAME, arrowDataType(t.inner), true))
    case 'unsupported':
      throw new RivetError('RIVET_TYPE_UNSUPPORTED', `types: ${rivetTypeLabel(t)} has no Arrow mapping (${t.reason})`, {
        hint: 'cast the column in the query or set a type in `columns:`',
      })
    default:
      return assertNever(t)
  }
}

/**
 * Builds the output field for one column. Metadata is written in a fixed order (native
 * type, fidelity, logical type, Arrow extension keys) so schemas and files are deterministic
 * (AA.6).
 */
export function arrowField(name: string, type: RivetType, meta: ArrowFieldMeta): Field {
  const dataType = arrowDataType(type)
  const metadata = new Map<string, string>()
  metadata.set(META_NATIVE_TYPE, meta.nativeType)
  metadata.set(META_FIDELITY, meta.fidelity)
  const logical = logicalTypeLabel(type)
  if (logical !== undefined) metadata.set(META_LOGICAL_TYPE, logical)
  if (type.kind === 'uuid') metadata.set(ARROW_EXTENSION_NAME, 'arrow.uuid')
  if (type.kind === 'json') {
    metadata.set(ARROW_EXTENSION_NAME, 'arrow.json')
    metadata.set(ARROW_EXTENSION_METADATA, '')
  }
  return new Field(name, dataType, meta.nullable ?? true, metadata)
}

/** `rivet.logical_type` for types whose Arrow form does not say what the source meant. */
export function logicalTypeLabel(t: RivetType): string | undefined {
  switch (t.kind) {
    case 'json':
    case 'uuid':
    case 'enum':
    case 'interval':
      return t.kind
    default:
      return undefined
  }
}

function timeType(unit: TimeUnit): DataType {
  switch (unit) {
    case 'second':
      return new TimeSecond()
    case 'millisecond':
      return new TimeMillisecond()
    case 'microsecond':
      return new TimeMicrosecond()
    case 'nanosecond':
      return new TimeNanosecond()
    default:
      return assertNever(unit)
  }
}

/** rivet time unit → Arrow's enum. */
export function arrowTimeUnit(unit: TimeUnit): ArrowTimeUnit {
  switch (unit) {
    case 'second':
      return ArrowTimeUnit.SECOND
    case 'millisecond':
      return ArrowTimeUnit.MILLISECOND
    case 'microsecond':
      return ArrowTimeUnit.MICROSECOND
    case 'nanosecond':
      return ArrowTimeUnit.NANOSECOND
    default:
      return assertNever(unit)
  }
}

function assertNever(value: never): never {
  throw new RivetError('RIVET_INTERNAL', `types: unhandled type ${JSON.stringify(value)}`)
}
