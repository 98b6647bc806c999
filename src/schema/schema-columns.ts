import type { DataType, Schema } from 'apache-arrow'
import { arrowTypeLabel } from '../format/arrow-type-label.js'

/** `[name, arrow-rs type label]` per field, in schema order: the schema snapshot (I08) and fingerprint input (J02). */
export function schemaColumns(schema: Schema): { name: string; type: string }[] {
  return schema.fields.map((f) => ({ name: f.name, type: arrowTypeLabel(f.type as DataType) }))
}
