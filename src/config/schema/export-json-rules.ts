import { FILE_SIZE_PATTERN } from '../file-size.js'

/**
 * The cross-field export rules (rules/export-rules.ts, rules/mode-rules.ts) restated in JSON
 * Schema for editors. rivet itself validates with zod; these only make the schema as strict as
 * JSON Schema allows (duplicate names and merged tuning cannot be expressed).
 */
type Json = Record<string, unknown>

const has = (...keys: string[]): Json => ({ required: keys })
const eq = (key: string, value: unknown): Json => ({ required: [key], properties: { [key]: { const: value } } })
const isTrue = (key: string): Json => eq(key, true)
const all = (...parts: Json[]): Json => ({ allOf: parts })

export const EXPORT_JSON_SCHEMA_RULES: readonly Json[] = [
  // C15: exactly one row source
  { oneOf: [has('query'), has('query_file'), has('table')] },
  // C17
  { if: eq('mode', 'incremental'), then: has('cursor_column') },
  { if: all(eq('mode', 'incremental'), eq('incremental_cursor_mode', 'coalesce')), then: has('cursor_fallback_column') },
  { if: all(eq('mode', 'incremental'), has('cursor_fallback_column')), then: eq('incremental_cursor_mode', 'coalesce') },
  // C18
  { if: eq('mode', 'chunked'), then: { anyOf: [has('chunk_column'), has('table')] } },
  { if: has('chunk_size_memory_mb'), then: has('table') },
  { if: all(eq('mode', 'chunked'), has('chunk_by_key')), then: all(has('table'), { not: { anyOf: [has('chunk_column'), has('chunk_count'), has('chunk_by_days'), isTrue('chunk_dense')] } }) },
  { not: all(eq('mode', 'chunked'), has('chunk_count'), isTrue('chunk_dense')) },
  { not: all(eq('mode', 'chunked'), has('chunk_count', 'chunk_by_days')) },
  { if: isTrue('chunk_dense'), then: all(eq('mode', 'chunked'), { not: has('chunk_by_days') }) },
  { if: has('chunk_by_days'), then: eq('mode', 'chunked') },
  // C19
  { if: eq('mode', 'time_window'), then: has('time_column', 'days_window') },
  // C20
  {
    if: has('partition_by'),
    then: all(
      { not: eq('mode', 'time_window') },
      { not: has('chunk_by_key') },
      {
        properties: {
          destination: {
            anyOf: [
              { required: ['path'], properties: { path: { pattern: '\\{partition\\}' } } },
              { required: ['prefix'], properties: { prefix: { pattern: '\\{partition\\}' } } },
            ],
          },
        },
      },
    ),
  },
  // C21: levels per codec, CSV without compression
  { if: { required: ['compression'], properties: { compression: { enum: ['snappy', 'lz4', 'none'] } } }, then: { not: has('compression_level') } },
  {
    if: eq('compression', 'gzip'),
    then: { properties: { compression_level: { maximum: 10 } } },
    else: { properties: { compression_level: { minimum: 1, maximum: 22 } } },
  },
  {
    if: eq('format', 'csv'),
    then: { properties: { compression: { const: 'none' }, compression_profile: { const: 'none' } } },
  },
  // D02 rejections that JSON Schema can state: stdout cannot split files or stream chunks
  {
    if: { required: ['destination'], properties: { destination: { required: ['type'], properties: { type: { const: 'stdout' } } } } },
    then: { not: { anyOf: [has('max_file_size'), eq('mode', 'chunked')] } },
  },
  { properties: { max_file_size: { anyOf: [{ type: 'integer' }, { type: 'string', pattern: FILE_SIZE_PATTERN }] } } },
]
