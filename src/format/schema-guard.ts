import type { DataType, Schema } from 'apache-arrow'
import { RivetError } from '../errors/index.js'
import { arrowTypeLabel } from './arrow-type-label.js'

/**
 * Every batch of a file must have the writer's columns: CSV renders by position and
 * parquet-wasm silently drops a batch whose schema differs, so a mismatch fails loudly here.
 */
export function assertBatchSchema(expected: Schema, actual: Schema, format: string): void {
  if (actual === expected) return
  const a = actual.fields
  const e = expected.fields
  const same =
    a.length === e.length &&
    a.every((f, i) => {
      const g = e[i]
      return (
        g !== undefined &&
        f.name === g.name &&
        f.nullable === g.nullable &&
        arrowTypeLabel(f.type as DataType) === arrowTypeLabel(g.type as DataType)
      )
    })
  if (same) return
  const show = (s: Schema): string => s.fields.map((f) => `${f.name}: ${arrowTypeLabel(f.type as DataType)}`).join(', ')
  throw new RivetError('RIVET_INTERNAL', `${format}: a batch does not match the file's schema (${show(actual)} vs ${show(expected)})`, {
    hint: 'this is a bug in rivet; please report it with the export config',
  })
}
