import { z } from 'zod'
import { RivetConfig } from './schema/root.js'

/**
 * The JSON Schema (draft 2020-12) of `rivet.yaml`, generated from the zod schemas (C04, B19).
 * Input view: keys with defaults are optional. `schemas/rivet.schema.json` is this text.
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RivetConfig, { io: 'input', target: 'draft-2020-12' })
  return {
    $schema: schema.$schema,
    title: 'rivet config (rivet.yaml)',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema' && k !== 'title')),
  }
}

/** Pretty-printed with a trailing newline, exactly as committed. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`
}
