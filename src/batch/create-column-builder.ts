import { RivetError } from '../errors/index.js'
import { type RivetType, rivetTypeLabel } from '../types/index.js'
import type { ColumnBuilder } from './column-builder.js'
import { DecimalColumn } from './decimal-column.js'
import { Int64Column, UInt64Column } from './int64-columns.js'
import { ListColumn } from './list-column.js'
import { BoolColumn, DateColumn, Float32Column, Float64Column, Int16Column, Int32Column } from './primitive-columns.js'
import { TimeColumn, TimestampColumn } from './temporal-columns.js'
import { UuidColumn } from './uuid-column.js'
import { BinaryColumn, Utf8Column } from './varlen-columns.js'

/** The builder for one output column; sources narrow it with `instanceof` once per column, not per row. */
export function createColumnBuilder(type: RivetType, capacity = 1024): ColumnBuilder {
  switch (type.kind) {
    case 'bool':
      return new BoolColumn(capacity)
    case 'int16':
      return new Int16Column(capacity)
    case 'int32':
      return new Int32Column(capacity)
    case 'int64':
      return new Int64Column(capacity)
    case 'uint64':
      return new UInt64Column(capacity)
    case 'float32':
      return new Float32Column(capacity)
    case 'float64':
      return new Float64Column(capacity)
    case 'decimal':
      return new DecimalColumn(type.precision, type.scale, capacity)
    case 'date':
      return new DateColumn(capacity)
    case 'time':
      return new TimeColumn(type.unit, capacity)
    case 'timestamp':
      return new TimestampColumn(type.unit, type.timezone, capacity)
    case 'string':
    case 'json':
    case 'enum':
    case 'interval':
      return new Utf8Column(type, capacity)
    case 'binary':
      return new BinaryColumn(capacity)
    case 'uuid':
      return new UuidColumn(capacity)
    case 'list':
      return new ListColumn(type.inner, createColumnBuilder(type.inner, capacity), capacity)
    case 'unsupported':
      throw new RivetError('RIVET_TYPE_UNSUPPORTED', `batch: no column builder for ${rivetTypeLabel(type)}`, {
        hint: 'cast the column in the query or set a type in `columns:`',
      })
    default:
      return assertNever(type)
  }
}

function assertNever(value: never): never {
  throw new RivetError('RIVET_INTERNAL', `batch: unhandled column type ${JSON.stringify(value)}`)
}
