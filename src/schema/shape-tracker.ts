import { type Data, type RecordBatch, type Schema, Type } from 'apache-arrow'
import { fixedDecimal } from '../quality/index.js'

/**
 * Per string/binary column, the largest value in bytes seen this run (P02). Feed every
 * written batch to `observe` (source columns, before meta columns); a column appears in
 * `maxByteLens()` once it has had a non-NULL value.
 */
export class ShapeTracker {
  readonly #columns: { readonly name: string; readonly index: number }[]
  readonly #max = new Map<string, number>()

  constructor(schema: Schema) {
    this.#columns = schema.fields
      .map((f, index) => ({ name: f.name, index, typeId: f.typeId }))
      .filter((c) => c.typeId === Type.Utf8 || c.typeId === Type.Binary || c.typeId === Type.LargeUtf8 || c.typeId === Type.LargeBinary)
      .map(({ name, index }) => ({ name, index }))
  }

  observe(batch: RecordBatch): void {
    const children = batch.data.children
    for (const c of this.#columns) {
      const data = children[c.index]
      if (data === undefined) continue
      const m = maxLength(data)
      if (m < 0) continue
      const prev = this.#max.get(c.name)
      if (prev === undefined || m > prev) this.#max.set(c.name, m)
    }
  }

  /** column → max byte length this run, in schema order. */
  maxByteLens(): Map<string, number> {
    const out = new Map<string, number>()
    for (const c of this.#columns) {
      const m = this.#max.get(c.name)
      if (m !== undefined) out.set(c.name, m)
    }
    return out
  }
}

/** Largest non-NULL value length in bytes, or -1 when every value is NULL (or none). */
function maxLength(data: Data): number {
  const offsets = data.valueOffsets as Int32Array | BigInt64Array
  const bitmap = data.nullCount > 0 ? data.nullBitmap : undefined
  const off = data.offset
  let max = -1
  for (let i = 0; i < data.length; i++) {
    if (bitmap !== undefined && bitmap.length > 0 && ((bitmap[(off + i) >> 3] ?? 0) & (1 << ((off + i) & 7))) === 0) continue
    const len = Number(offsets[i + 1] ?? 0) - Number(offsets[i] ?? 0)
    if (len > max) max = len
  }
  return max
}

/** One column whose max byte length grew beyond the factor. */
export interface ShapeDrift {
  readonly column: string
  readonly storedMaxBytes: number
  readonly currentMaxBytes: number
  readonly growthFactor: number
  /** The WARN line. */
  readonly message: string
  /** Journal Warning context (`shape_drift:<col>`) and message. */
  readonly journalContext: string
  readonly journalMessage: string
}

/**
 * Columns whose max byte length this run exceeds `factor` × the stored maximum (P02).
 * `factor` ≤ 0 disables the check; columns without a stored maximum, or a stored 0, never
 * warn. The caller then stores the running MAX (`ShapeRepo.put`) whatever the outcome.
 */
export function shapeDrift(exportName: string, stored: ReadonlyMap<string, number>, current: ReadonlyMap<string, number>, factor: number): ShapeDrift[] {
  if (!(factor > 0)) return []
  const out: ShapeDrift[] = []
  for (const [column, cur] of current) {
    const old = stored.get(column)
    if (old === undefined || old <= 0 || !(cur > old * factor)) continue
    const growth = cur / old
    const change = `max byte length grew ${fixedDecimal(growth, 1)}× (${old} → ${cur} bytes)`
    out.push({
      column,
      storedMaxBytes: old,
      currentMaxBytes: cur,
      growthFactor: growth,
      message: `export '${exportName}': shape drift in column '${column}' — ${change}; set \`shape_drift_warn_factor\` to a higher value to suppress`,
      journalContext: `shape_drift:${column}`,
      journalMessage: `column '${column}' ${change}`,
    })
  }
  return out
}

/** Just the WARN lines of {@link shapeDrift}. */
export function shapeDriftWarnings(exportName: string, stored: ReadonlyMap<string, number>, current: ReadonlyMap<string, number>, factor: number): string[] {
  return shapeDrift(exportName, stored, current, factor).map((d) => d.message)
}
