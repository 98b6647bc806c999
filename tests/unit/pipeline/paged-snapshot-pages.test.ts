import { describe, expect, it } from 'vitest'
import { nextPageRows, PAGE_BYTES } from '../../../src/pipeline/paged-snapshot.js'

describe('MySQL key page size', () => {
  it('starts with a 500-row page (never above batch_size) while the row width is unknown', () => {
    expect(nextPageRows(10_000, undefined)).toBe(500)
    expect(nextPageRows(100, undefined)).toBe(100)
  })
  it('then holds up to PAGE_BYTES of rows (a power of two), between 100 rows and batch_size', () => {
    expect(nextPageRows(10_000, 4300)).toBe(512) // 975 fit
    expect(nextPageRows(10_000, 4096)).toBe(1024) // exactly 1024 fit
    expect(nextPageRows(100_000, 120)).toBe(32_768) // 34,952 fit
    expect(nextPageRows(10_000, 120)).toBe(10_000)
    expect(nextPageRows(10_000, 10 * 1024 * 1024)).toBe(100)
    expect(nextPageRows(50, 10)).toBe(50)
  })
  it('keeps few distinct page sizes (statement texts) whatever the row width', () => {
    const sizes = new Set<number>()
    for (let width = 1; width <= 200_000; width = Math.ceil(width * 1.01)) {
      const rows = nextPageRows(10_000, width)
      expect(rows * width <= PAGE_BYTES || rows === 100).toBe(true)
      sizes.add(rows)
    }
    expect(sizes.size).toBeLessThanOrEqual(10)
  })
})
