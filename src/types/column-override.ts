import type { RivetType } from './rivet-type.js'

/**
 * `columns:` overrides (C25): a type string per column that replaces the inferred type.
 * Pure parsing; returns a problem string instead of throwing so config validation can
 * collect every problem at once.
 */
export type ParsedOverride = { readonly ok: true; readonly type: RivetType } | { readonly ok: false; readonly problem: string }

const US = 'microsecond'
const NS = 'nanosecond'

const SIMPLE: Readonly<Record<string, RivetType>> = {
  bool: { kind: 'bool' },
  boolean: { kind: 'bool' },
  int2: { kind: 'int16' },
  smallint: { kind: 'int16' },
  int16: { kind: 'int16' },
  int4: { kind: 'int32' },
  int: { kind: 'int32' },
  integer: { kind: 'int32' },
  int32: { kind: 'int32' },
  int8: { kind: 'int64' },
  bigint: { kind: 'int64' },
  int64: { kind: 'int64' },
  float4: { kind: 'float32' },
  real: { kind: 'float32' },
  float32: { kind: 'float32' },
  float8: { kind: 'float64' },
  double: { kind: 'float64' },
  'double precision': { kind: 'float64' },
  float64: { kind: 'float64' },
  text: { kind: 'string' },
  varchar: { kind: 'string' },
  string: { kind: 'string' },
  char: { kind: 'string' },
  bpchar: { kind: 'string' },
  name: { kind: 'string' },
  binary: { kind: 'binary' },
  bytea: { kind: 'binary' },
  blob: { kind: 'binary' },
  varbinary: { kind: 'binary' },
  date: { kind: 'date' },
  json: { kind: 'json' },
  jsonb: { kind: 'json' },
  uuid: { kind: 'uuid' },
  timestamp: { kind: 'timestamp', unit: US, timezone: null },
  'timestamp without time zone': { kind: 'timestamp', unit: US, timezone: null },
  timestamp_ns: { kind: 'timestamp', unit: NS, timezone: null },
  timestamp_tz: { kind: 'timestamp', unit: US, timezone: 'UTC' },
  timestamptz: { kind: 'timestamp', unit: US, timezone: 'UTC' },
  'timestamp with time zone': { kind: 'timestamp', unit: US, timezone: 'UTC' },
  timestamp_utc: { kind: 'timestamp', unit: US, timezone: 'UTC' },
  timestamp_tz_ns: { kind: 'timestamp', unit: NS, timezone: 'UTC' },
  timestamptz_ns: { kind: 'timestamp', unit: NS, timezone: 'UTC' },
}

export const SUPPORTED_OVERRIDE_SPELLINGS =
  'bool, int2/int4/int8, float4/float8, decimal(p,s), date, timestamp, timestamp_ns, timestamp_tz, timestamp_tz_ns, text, binary, json, uuid'

export function parseColumnOverride(raw: string): ParsedOverride {
  const s = raw.trim().toLowerCase().replace(/\s+/g, ' ')
  const dec = /^(?:decimal|numeric)\s*\((.*)\)$/.exec(s)
  if (dec !== null) return parseDecimal(raw, dec[1] ?? '')
  const simple = SIMPLE[s]
  if (simple !== undefined) return { ok: true, type: simple }
  return { ok: false, problem: `unrecognised type '${raw}'. Supported: ${SUPPORTED_OVERRIDE_SPELLINGS}` }
}

function parseDecimal(raw: string, inner: string): ParsedOverride {
  const parts = inner.split(',').map((p) => p.trim())
  if (parts.length !== 2) return { ok: false, problem: `expected decimal(precision,scale) in '${raw}'` }
  const [p, sc] = parts as [string, string]
  if (!/^\d+$/.test(p)) return { ok: false, problem: `precision '${p}' is not a valid integer (1..76) in '${raw}'` }
  if (!/^-?\d+$/.test(sc)) return { ok: false, problem: `scale '${sc}' is not a valid integer in '${raw}'` }
  const precision = Number(p)
  const scale = Number(sc)
  if (precision < 1 || precision > 76) return { ok: false, problem: `precision ${precision} is out of range (1..=76) in '${raw}'` }
  if (scale < 0 || scale > precision) return { ok: false, problem: `scale ${scale} must be within 0..=${precision} in '${raw}'` }
  return { ok: true, type: { kind: 'decimal', precision, scale } }
}
