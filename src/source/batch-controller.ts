import type { SourceTuning } from '../plan/run-plan.js'

/**
 * Batch sizing (D04, D05, E03): a small probe batch first, then a size derived from the
 * measured bytes per row. Pure arithmetic; the readers call it between fetches.
 */
export const PROBE_ROWS = 500

export function probeSize(tuning: SourceTuning): number {
  return Math.max(1, Math.min(PROBE_ROWS, tuning.batchSize))
}

/** PostgreSQL FETCH size: keep the cursor's batch under work_mem × 0.7 so it never spills (D04). */
export function pgFetchSize(tuning: SourceTuning, workMemBytes: number, bytesPerRow: number): number {
  const perRow = Math.max(bytesPerRow * 1.2, 64)
  let rows = Math.min(tuning.batchSize, Math.max(100, Math.floor((workMemBytes * 0.7) / perRow)))
  if (tuning.batchSizeMemoryMb !== undefined) {
    rows = Math.min(rows, Math.max(100, Math.floor((tuning.batchSizeMemoryMb * 1024 * 1024) / Math.max(bytesPerRow, 1))))
  }
  return Math.max(1, rows)
}

/** MySQL / SQL Server batch cut: max(500, 64 MiB ÷ max(bytes/row, 64)) rows, and never above batch_size (D05). */
export function streamingBatchCap(tuning: SourceTuning, bytesPerRow: number): number {
  const budget = (tuning.batchSizeMemoryMb ?? 64) * 1024 * 1024
  return Math.min(tuning.batchSize, Math.max(PROBE_ROWS, Math.floor(budget / Math.max(bytesPerRow, 64))))
}

/**
 * Where a streaming engine (MySQL, SQL Server) cuts a batch (D05, D06): at the probe size
 * first, then at the cap derived from the probe's measured bytes per row.
 */
export class StreamingBatchCut {
  readonly #tuning: SourceTuning
  #cap: number
  #probed = false

  constructor(tuning: SourceTuning) {
    this.#tuning = tuning
    this.#cap = probeSize(tuning)
  }

  /** Rows a batch of `rowCount` rows may still take before {@link isFull} says so (at least 1). */
  remaining(rowCount: number): number {
    return Math.max(1, this.#cap - rowCount)
  }

  /** True when a batch of `rowCount` rows (`byteSize` bytes) should be emitted now. */
  isFull(rowCount: number, byteSize: number): boolean {
    if (rowCount < this.#cap) return false
    if (!this.#probed) {
      this.#probed = true
      this.#cap = streamingBatchCap(this.#tuning, byteSize / Math.max(1, rowCount))
    }
    return true
  }
}
