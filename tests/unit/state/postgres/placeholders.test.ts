import { describe, expect, it } from 'vitest'
import { toPgPlaceholders } from '../../../../src/state/postgres/placeholders.js'

describe('toPgPlaceholders', () => {
  it('numbers ? in order', () => {
    expect(toPgPlaceholders('SELECT a FROM t WHERE x = ? AND y IN (?, ?)')).toBe('SELECT a FROM t WHERE x = $1 AND y IN ($2, $3)')
    expect(toPgPlaceholders('no placeholders')).toBe('no placeholders')
    expect(toPgPlaceholders('?'.repeat(11)).endsWith('$10$11')).toBe(true)
  })
  it('leaves ? inside literals, quoted identifiers and comments alone', () => {
    expect(toPgPlaceholders(`SELECT '?', 'it''s ?', "col?" FROM t WHERE a = ? -- why?\n AND b = ? /* ? */`)).toBe(
      `SELECT '?', 'it''s ?', "col?" FROM t WHERE a = $1 -- why?\n AND b = $2 /* ? */`,
    )
  })
})
