import { parseColumnOverride } from '../../types/index.js'

/** Spellings accepted by `columns:` (C25); checked against `parseColumnOverride` in the unit tests. */
export const COLUMN_TYPE_SPELLINGS: readonly string[] = [
  'bool', 'boolean', 'int2', 'smallint', 'int16', 'int4', 'int', 'integer', 'int32', 'int8', 'bigint', 'int64',
  'float4', 'real', 'float32', 'float8', 'double', 'double precision', 'float64', 'text', 'varchar', 'string',
  'char', 'bpchar', 'name', 'binary', 'bytea', 'blob', 'varbinary', 'date', 'json', 'jsonb', 'uuid', 'timestamp',
  'timestamp without time zone', 'timestamp_ns', 'timestamp_tz', 'timestamptz', 'timestamp with time zone',
  'timestamp_utc', 'timestamp_tz_ns', 'timestamptz_ns',
]

const ci = (word: string): string => word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`).replace(/ /g, '\\s+')

/**
 * A JSON Schema regex approximating `parseColumnOverride`: every simple spelling (any case) and
 * `decimal(p,s)`/`numeric(p,s)` with 1 ≤ p ≤ 76. `s ≤ p` is left to rivet itself.
 */
export function columnTypePattern(): string {
  const simple = [...COLUMN_TYPE_SPELLINGS].sort((a, b) => b.length - a.length).map(ci).join('|')
  const precision = '0*(?:[1-9]|[1-6][0-9]|7[0-6])'
  const decimal = `(?:${ci('decimal')}|${ci('numeric')})\\s*\\(\\s*${precision}\\s*,\\s*[0-9]+\\s*\\)`
  return `^\\s*(?:${simple}|${decimal})\\s*$`
}

/** True when every listed spelling parses; guards the list above against drift. */
export function spellingsAgreeWithParser(): boolean {
  return COLUMN_TYPE_SPELLINGS.every((s) => parseColumnOverride(s).ok)
}
