import type { Schema } from 'apache-arrow'
import type { OutputPlan } from '../../plan/run-plan.js'
import { ARROW_EXTENSION_NAME } from '../../types/arrow-type.js'

/** Levels parquet-wasm applies for zstd and gzip; it has no setting to change them (AB). */
const WRITER_LEVEL: Readonly<Record<string, number>> = { zstd: 3, gzip: 6 }

/** AA.7: one WARN line per option the Parquet writer cannot honour for this output plan. */
export function planNotes(output: OutputPlan): string[] {
  const notes: string[] = []
  const fixed = WRITER_LEVEL[output.compression]
  if (fixed !== undefined && output.compressionLevel !== undefined && output.compressionLevel !== fixed) {
    notes.push(
      `parquet: \`compression_level: ${output.compressionLevel}\` cannot be applied by the Parquet writer; ` +
        `${output.compression} is written at level ${fixed} instead`,
    )
  }
  return notes
}

/** AA.7 notes that depend on the columns: logical types the writer cannot annotate. */
export function schemaNotes(schema: Schema): string[] {
  const uuid: string[] = []
  const json: string[] = []
  for (const f of schema.fields) {
    const ext = f.metadata.get(ARROW_EXTENSION_NAME)
    if (ext === 'arrow.uuid') uuid.push(f.name)
    else if (ext === 'arrow.json') json.push(f.name)
  }
  const notes: string[] = []
  if (uuid.length > 0) {
    notes.push(
      `parquet: the UUID logical type is not supported by the Parquet writer; uuid column(s) ${quote(uuid)} ` +
        'are written as FIXED_LEN_BYTE_ARRAY(16) without it (the `arrow.uuid` extension is kept in the embedded Arrow schema)',
    )
  }
  if (json.length > 0) {
    notes.push(
      `parquet: the JSON logical type is not supported by the Parquet writer; json column(s) ${quote(json)} ` +
        'are written as UTF-8 strings (`rivet.logical_type=json` is kept in the field metadata)',
    )
  }
  return notes
}

function quote(names: readonly string[]): string {
  return names.map((n) => `'${n}'`).join(', ')
}
