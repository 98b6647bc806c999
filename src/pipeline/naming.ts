/**
 * Identifiers and file names (I04, G04). Pure; time is passed in.
 */
function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0')
}

/** `YYYYMMDDTHHMMSSmmm` (UTC). */
export function compactTimestampMs(d: Date): string {
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}${pad(d.getUTCMilliseconds(), 3)}`
}

/** Per-export run id: `<export>_<YYYYMMDDTHHMMSSmmm>` (UTC). */
export function runIdFor(exportName: string, at: Date): string {
  return `${exportName}_${compactTimestampMs(at)}`
}

/** Run-aggregate id: `agg_<YYYYMMDDTHHMMSSmmm>`. */
export function aggregateIdFor(at: Date): string {
  return `agg_${compactTimestampMs(at)}`
}

/** `YYYYMMDD_HHMMSS` (UTC) used in output file names. */
export function fileTimestamp(d: Date): string {
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}_${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
}

/**
 * Single-export file name: `<export>_<ts>.<ext>`; when the output was split into several
 * parts, `<export>_<ts>_part<N>.<ext>` with N from 0, unpadded (G04).
 */
export function singleFileName(exportName: string, ts: string, ext: string, part: number | undefined): string {
  return part === undefined ? `${exportName}_${ts}.${ext}` : `${exportName}_${ts}_part${part}.${ext}`
}

/**
 * A name not yet taken at the destination: `orders_20260115_143022.csv`, else
 * `orders_20260115_143022-2.csv`, `-3`, … — two runs in the same second never overwrite
 * each other's files (a deliberate improvement over upstream's second-granularity names).
 */
export function untakenName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name
  const dot = name.lastIndexOf('.')
  const stem = dot < 0 ? name : name.slice(0, dot)
  const ext = dot < 0 ? '' : name.slice(dot)
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}${ext}`
    if (!taken.has(candidate)) return candidate
  }
}
