/**
 * rivet's engine-neutral column type model. Sources map native types into it, overrides
 * (C25) are parsed into it, and `types/arrow-type.ts` turns it into the Arrow field that
 * formats write.
 */
export type TimeUnit = 'second' | 'millisecond' | 'microsecond' | 'nanosecond'

export type RivetType =
  | { readonly kind: 'bool' }
  | { readonly kind: 'int16' }
  | { readonly kind: 'int32' }
  | { readonly kind: 'int64' }
  | { readonly kind: 'uint64' }
  | { readonly kind: 'float32' }
  | { readonly kind: 'float64' }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'date' }
  | { readonly kind: 'time'; readonly unit: TimeUnit }
  | { readonly kind: 'timestamp'; readonly unit: TimeUnit; readonly timezone: string | null }
  | { readonly kind: 'string' }
  | { readonly kind: 'binary' }
  | { readonly kind: 'json' }
  | { readonly kind: 'uuid' }
  | { readonly kind: 'enum' }
  | { readonly kind: 'interval' }
  | { readonly kind: 'list'; readonly inner: RivetType }
  | { readonly kind: 'unsupported'; readonly nativeType: string; readonly reason: string }

export type RivetTypeKind = RivetType['kind']

/** Stable human label, used in type reports, schema snapshots and error messages. */
export function rivetTypeLabel(t: RivetType): string {
  switch (t.kind) {
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`
    case 'time':
      return `time(${t.unit})`
    case 'timestamp':
      return t.timezone === null ? `timestamp(${t.unit})` : `timestamp_tz(${t.unit},${t.timezone})`
    case 'list':
      return `list<${rivetTypeLabel(t.inner)}>`
    case 'unsupported':
      return `unsupported(${t.nativeType})`
    default:
      return t.kind
  }
}

export function isUnsupported(t: RivetType): boolean {
  return t.kind === 'unsupported' || (t.kind === 'list' && isUnsupported(t.inner))
}

/** Mapping quality (Q04), ordered best to worst. */
export const FIDELITY_LEVELS = ['exact', 'compatible', 'logical_string', 'lossy', 'unsupported'] as const
export type Fidelity = (typeof FIDELITY_LEVELS)[number]

export function isUnsafeFidelity(f: Fidelity): boolean {
  return f === 'lossy' || f === 'unsupported'
}
