import type { Fidelity, RivetType } from '../../types/index.js'

/**
 * PostgreSQL type OID → rivet type (Q01). Built-in OIDs are static; enums and arrays of
 * them are resolved from `pg_type` rows fetched once per export (see {@link PgTypeInfo}).
 */
export interface PgTypeInfo {
  readonly oid: number
  readonly name: string
  /** `typtype`: 'b' base, 'e' enum, 'd' domain, 'c' composite, 'r' range, … */
  readonly typtype: string
  /** Element type OID for arrays (0 otherwise). */
  readonly elem: number
  /** Base type OID for domains (0 otherwise). */
  readonly baseType: number
}

const US = 'microsecond'

/** Scalar built-ins: OID → [native name, rivet type]. */
const SCALARS: ReadonlyMap<number, readonly [string, RivetType]> = new Map<number, readonly [string, RivetType]>([
  [16, ['bool', { kind: 'bool' }]],
  [21, ['int2', { kind: 'int16' }]],
  [23, ['int4', { kind: 'int32' }]],
  [20, ['int8', { kind: 'int64' }]],
  [26, ['oid', { kind: 'int64' }]],
  [700, ['float4', { kind: 'float32' }]],
  [701, ['float8', { kind: 'float64' }]],
  [1082, ['date', { kind: 'date' }]],
  [1083, ['time', { kind: 'time', unit: US }]],
  [1114, ['timestamp', { kind: 'timestamp', unit: US, timezone: null }]],
  [1184, ['timestamptz', { kind: 'timestamp', unit: US, timezone: 'UTC' }]],
  [25, ['text', { kind: 'string' }]],
  [1043, ['varchar', { kind: 'string' }]],
  [1042, ['bpchar', { kind: 'string' }]],
  [19, ['name', { kind: 'string' }]],
  [17, ['bytea', { kind: 'binary' }]],
  [114, ['json', { kind: 'json' }]],
  [3802, ['jsonb', { kind: 'json' }]],
  [2950, ['uuid', { kind: 'uuid' }]],
  [1186, ['interval', { kind: 'interval' }]],
])

export const NUMERIC_OID = 1700

/** Array OID → element OID for the built-in array types (pg_type.typelem). */
const ARRAYS: ReadonlyMap<number, number> = new Map([
  [1000, 16], [1005, 21], [1007, 23], [1016, 20], [1028, 26], [1021, 700], [1022, 701], [1231, 1700],
  [1182, 1082], [1183, 1083], [1115, 1114], [1185, 1184], [1009, 25], [1015, 1043], [1014, 1042],
  [1003, 19], [1001, 17], [199, 114], [3807, 3802], [2951, 2950], [1187, 1186],
])

/** OIDs the static tables cannot name: they need a `pg_type` lookup (enums, domains, arrays of them). */
export function needsCatalog(oid: number): boolean {
  return !SCALARS.has(oid) && oid !== NUMERIC_OID && !ARRAYS.has(oid)
}

/** numeric typmod → precision/scale; -1 (unconstrained or an expression) → undefined. */
export function numericTypmod(typmod: number): { precision: number; scale: number } | undefined {
  if (typmod < 4) return undefined
  const t = typmod - 4
  return { precision: (t >> 16) & 0xffff, scale: t & 0xffff }
}

export interface PgColumnType {
  readonly nativeType: string
  readonly type: RivetType
  readonly fidelity: Fidelity
  readonly note: string | undefined
}

const UNSUPPORTED_HINT = 'no rivet mapping for this PostgreSQL type'

export function mapPgType(oid: number, typmod: number, catalog: ReadonlyMap<number, PgTypeInfo>): PgColumnType {
  const scalar = SCALARS.get(oid)
  if (scalar !== undefined) return { nativeType: scalar[0], type: scalar[1], fidelity: fidelityOf(scalar[1]), note: undefined }
  if (oid === NUMERIC_OID) {
    const ps = numericTypmod(typmod)
    if (ps === undefined) {
      return {
        nativeType: 'numeric',
        type: { kind: 'unsupported', nativeType: 'numeric', reason: 'precision/scale unknown (unconstrained numeric or an expression)' },
        fidelity: 'unsupported',
        note: 'add a `columns:` override such as `amount: decimal(38,10)`, or cast in the query (`::numeric(18,2)`)',
      }
    }
    if (ps.precision > 76) {
      return {
        nativeType: `numeric(${ps.precision},${ps.scale})`,
        type: { kind: 'unsupported', nativeType: `numeric(${ps.precision},${ps.scale})`, reason: 'precision above 76 has no Arrow decimal' },
        fidelity: 'unsupported',
        note: 'add a `columns:` override with precision ≤ 76',
      }
    }
    const type: RivetType = { kind: 'decimal', precision: ps.precision, scale: ps.scale }
    return { nativeType: `numeric(${ps.precision},${ps.scale})`, type, fidelity: 'exact', note: undefined }
  }
  const elem = ARRAYS.get(oid) ?? arrayElemFromCatalog(oid, catalog)
  if (elem !== undefined) {
    // Element typmod is the array column's typmod (numeric[] keeps (p,s)).
    const inner = mapPgType(elem, typmod, catalog)
    const nativeType = `${inner.nativeType}[]`
    if (inner.type.kind === 'unsupported' || inner.type.kind === 'list') {
      return {
        nativeType,
        type: { kind: 'unsupported', nativeType, reason: inner.type.kind === 'list' ? 'nested arrays are not supported' : `element type: ${inner.type.reason}` },
        fidelity: 'unsupported',
        note: inner.note,
      }
    }
    return { nativeType, type: { kind: 'list', inner: inner.type }, fidelity: inner.fidelity, note: undefined }
  }
  const info = catalog.get(oid)
  if (info?.typtype === 'e') return { nativeType: info.name, type: { kind: 'enum' }, fidelity: 'logical_string', note: 'enum label as text' }
  if (info?.typtype === 'd' && info.baseType !== 0) {
    const base = mapPgType(info.baseType, typmod, catalog)
    return { ...base, nativeType: `${info.name} (${base.nativeType})` }
  }
  const name = info?.name ?? `oid ${oid}`
  return {
    nativeType: name,
    type: { kind: 'unsupported', nativeType: name, reason: UNSUPPORTED_HINT },
    fidelity: 'unsupported',
    note: `cast it in the query (e.g. \`col::text\`) or add a \`columns:\` override`,
  }
}

function arrayElemFromCatalog(oid: number, catalog: ReadonlyMap<number, PgTypeInfo>): number | undefined {
  const info = catalog.get(oid)
  return info !== undefined && info.elem !== 0 && info.typtype === 'b' && info.name.startsWith('_') ? info.elem : undefined
}

function fidelityOf(t: RivetType): Fidelity {
  switch (t.kind) {
    case 'json':
    case 'interval':
    case 'enum':
      return 'logical_string'
    default:
      return 'exact'
  }
}
