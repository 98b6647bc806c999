/** A key page holds about this many bytes (decoded): wide rows get short pages, so each statement stays short. */
export const PAGE_BYTES = 4 * 1024 * 1024
/** The first page, before the row width is known, and the smallest page later. */
const FIRST_PAGE_ROWS = 500
const MIN_PAGE_ROWS = 100
/** Batches per key page, and the smallest such batch. */
export const PAGE_BATCHES = 4
export const PAGE_BATCH_MIN_ROWS = 500

/**
 * Rows for the next page: about {@link PAGE_BYTES} of rows of the measured width, at least
 * {@link MIN_PAGE_ROWS}, never above `batch_size`. (Rounding this down to a power of two, to
 * reuse statement texts, measured 8% slower on 1M orders rows: pages of 16k instead of 28k
 * rows. Each page is its own prepared statement; the connection keeps at most a few open, see
 * `MAX_PREPARED_STATEMENTS`.)
 */
export function nextPageRows(batchSize: number, bytesPerRow: number | undefined): number {
  const cap = Math.max(1, batchSize)
  if (bytesPerRow === undefined || bytesPerRow <= 0) return Math.min(cap, FIRST_PAGE_ROWS)
  return Math.min(cap, Math.max(MIN_PAGE_ROWS, Math.floor(PAGE_BYTES / bytesPerRow)))
}
