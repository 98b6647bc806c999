import { type Data, type RecordBatch, type Schema, Type } from 'apache-arrow'
import { createXXHash3, type IHasher } from 'hash-wasm'
import { ByteBuffer, cellRender, nullTest } from '../enrich/index.js'
import { RivetError } from '../errors/index.js'
import type { QualityPlan } from '../plan/run-plan.js'
import { fixedDecimal } from './fixed-decimal.js'
import { Hash64Set } from './hash64-set.js'
import { qualityColumnsError } from './quality-errors.js'
import { hasRawKeys, type Key64, type KeyOf, rawKeys } from './raw-keys.js'
import { rowCountFailures } from './row-count.js'

/** The outcome of the quality checks: `failures` fail the gate, `warnings` are logged. */
export interface QualityVerdict {
  readonly failures: string[]
  readonly warnings: string[]
}

interface UniqueState {
  readonly name: string
  readonly index: number
  set: Hash64Set | undefined
  nonNull: number
  capped: boolean
}

/**
 * Quality checks computed while streaming (N01, N03): call `observe` for every batch the
 * export writes (source columns, before meta columns), then `evaluate` with the run's row
 * count. NULL counts come from each batch's validity; uniqueness keeps one 64-bit key per
 * distinct non-NULL value — the value itself for types up to 64 bits, else the XXH3-64 of
 * the cell's display text — bounded by `unique_max_entries`: a column that
 * would exceed the cap stops being tracked and yields a warning instead of a verdict.
 * NULLs are never duplicates.
 */
export class QualityTracker {
  readonly #plan: QualityPlan
  readonly #nulls: { readonly name: string; readonly index: number; readonly max: number; count: number }[]
  readonly #unique: UniqueState[]
  readonly #xxh: IHasher | undefined
  readonly #cell = new ByteBuffer(256)
  readonly #key: Key64 = { hi: 0, lo: 0 }

  /**
   * Validates that every rule names a produced column (throws `RIVET_CONFIG_INVALID`
   * otherwise). `xxh3` is required when a unique column is not fixed-width (text, binary,
   * decimal, UUID, list); {@link QualityTracker.create} supplies it when needed.
   */
  constructor(schema: Schema, plan: QualityPlan, xxh3?: IHasher) {
    const names = schema.fields.map((f) => f.name)
    const missing = [...new Set([...plan.uniqueColumns, ...plan.nullRatioMax.map(([c]) => c)])].filter((c) => !names.includes(c))
    if (missing.length > 0) throw qualityColumnsError(missing.sort(), names)
    this.#plan = plan
    this.#nulls = plan.nullRatioMax.map(([name, max]) => ({ name, index: names.indexOf(name), max, count: 0 }))
    this.#unique = plan.uniqueColumns.map((name) => ({ name, index: names.indexOf(name), set: new Hash64Set(), nonNull: 0, capped: false }))
    const needsHash = plan.uniqueColumns.some((c) => !hasRawKeys(schema.fields[names.indexOf(c)]?.typeId ?? Type.NONE))
    if (needsHash && xxh3 === undefined) {
      throw new RivetError('RIVET_INTERNAL', 'quality: uniqueness checks need an XXH3 hasher; build the tracker with QualityTracker.create()')
    }
    this.#xxh = xxh3
  }

  static async create(schema: Schema, plan: QualityPlan): Promise<QualityTracker> {
    const xxh3 = plan.uniqueColumns.length > 0 ? await createXXHash3() : undefined
    return new QualityTracker(schema, plan, xxh3)
  }

  observe(batch: RecordBatch): void {
    const columns = batch.data.children
    for (const n of this.#nulls) n.count += columns[n.index]?.nullCount ?? 0
    for (const u of this.#unique) {
      const data = columns[u.index]
      if (!u.capped && data !== undefined) this.#track(u, data, batch.numRows)
    }
  }

  #track(u: UniqueState, data: Data, rows: number): void {
    const set = u.set
    if (set === undefined) return
    const isNull = nullTest(data)
    const keyOf = rawKeys(data) ?? this.#hashedKeys(data)
    const cap = this.#plan.uniqueMaxEntries
    const key = this.#key
    for (let i = 0; i < rows; i++) {
      if (isNull !== undefined && isNull(i)) continue
      keyOf(i, key)
      if (cap !== undefined && set.size >= cap && !set.has(key.hi, key.lo)) {
        u.capped = true
        u.set = undefined // release the memory; the verdict is a warning now
        return
      }
      set.add(key.hi, key.lo)
      u.nonNull++
    }
  }

  /** XXH3-64 of the cell's display text (text, binary, decimals, UUIDs, lists). */
  #hashedKeys(data: Data): KeyOf {
    const xxh = this.#xxh
    if (xxh === undefined) throw new RivetError('RIVET_INTERNAL', 'quality: no XXH3 hasher for a hashed uniqueness column')
    const render = cellRender(data)
    const cell = this.#cell
    return (i, key) => {
      cell.reset()
      render(cell, i)
      xxh.init()
      xxh.update(cell.view())
      const d = xxh.digest('binary')
      key.hi = ((d[0] ?? 0) << 24) | ((d[1] ?? 0) << 16) | ((d[2] ?? 0) << 8) | (d[3] ?? 0)
      key.lo = ((d[4] ?? 0) << 24) | ((d[5] ?? 0) << 16) | ((d[6] ?? 0) << 8) | (d[7] ?? 0)
    }
  }

  /** Failures and warnings in the upstream wording, in order: row count, null ratios, uniqueness. */
  evaluate(totalRows: number): QualityVerdict {
    const failures = rowCountFailures(totalRows, this.#plan)
    const warnings: string[] = []
    if (totalRows === 0) return { failures, warnings }
    for (const n of this.#nulls) {
      const ratio = n.count / totalRows
      if (ratio > n.max) {
        failures.push(`column '${n.name}': null ratio ${fixedDecimal(ratio, 4)} exceeds threshold ${fixedDecimal(n.max, 4)}`)
      }
    }
    for (const u of this.#unique) {
      if (u.capped) {
        warnings.push(
          `column '${u.name}': uniqueness check capped at ${this.#plan.uniqueMaxEntries ?? 0} entries; ` +
            'result may be incomplete (set unique_max_entries higher to cover all rows)',
        )
        continue
      }
      const dupes = u.nonNull - (u.set?.size ?? 0)
      if (dupes > 0) failures.push(`column '${u.name}': ${dupes} duplicate values out of ${totalRows} rows`)
    }
    return { failures, warnings }
  }
}
