import { describe, expect, it } from 'vitest'
import { nextPageRows, PAGE_BYTES } from '../../../src/pipeline/page-size.js'

describe('MySQL key page size', () => {
  it('starts with a 500-row page (never above batch_size) while the row width is unknown', () => {
    expect(nextPageRows(10_000, undefined)).toBe(500)
    expect(nextPageRows(100, undefined)).toBe(100)
  })
  it('then holds about PAGE_BYTES of rows, between 100 rows and batch_size', () => {
    expect(nextPageRows(10_000, 4300)).toBe(Math.floor(PAGE_BYTES / 4300))
    expect(nextPageRows(10_000, 120)).toBe(10_000)
    expect(nextPageRows(10_000, 10 * 1024 * 1024)).toBe(100)
    expect(nextPageRows(50, 10)).toBe(50)
  })
})
