import { describe, expect, test } from 'vitest'
import { pino } from 'pino'
import { enforceSasExpiry, normalizeSasToken, sasExpiry } from '../../../../src/destination/azure/sas-expiry.js'

const NOW = new Date('2026-06-01T12:00:00Z')
const token = (se: string): string => `sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=${encodeURIComponent(se)}&sig=abc%2Bdef`

function capture(): { log: pino.Logger; lines: string[] } {
  const lines: string[] = []
  const log = pino({ level: 'warn' }, { write: (s: string) => lines.push(s) })
  return { log, lines }
}

describe('SAS expiry (H06)', () => {
  test('leading ? is trimmed', () => {
    expect(normalizeSasToken('?sv=1&sig=x')).toBe('sv=1&sig=x')
    expect(sasExpiry(`?${token('2026-06-03T00:00:00Z')}`, NOW).status).toBe('healthy')
  })

  test('classification', () => {
    expect(sasExpiry(token('2026-06-01T11:59:59Z'), NOW).status).toBe('expired')
    expect(sasExpiry(token('2026-06-01T12:30:00Z'), NOW).status).toBe('near-expiry')
    expect(sasExpiry(token('2026-06-01T13:30:00Z'), NOW).status).toBe('healthy')
    expect(sasExpiry('sv=1&sig=x', NOW).status).toBe('no-expiry')
    expect(sasExpiry(token('tomorrow'), NOW).status).toBe('unparseable')
  })

  test('an expired token is refused', () => {
    const { log } = capture()
    expect(() => { enforceSasExpiry(token('2026-05-31T00:00:00Z'), NOW, log) }).toThrow(/^Azure SAS token already expired \(se=2026-05-31T00:00:00\.000Z\)/)
  })

  test('less than 60 minutes left → WARN with the minutes; healthy → silent', () => {
    const near = capture()
    enforceSasExpiry(token('2026-06-01T12:25:00Z'), NOW, near.log)
    expect(near.lines.join('')).toContain('expires in 25 minutes')
    const ok = capture()
    enforceSasExpiry(token('2026-06-02T12:00:00Z'), NOW, ok.log)
    expect(ok.lines).toEqual([])
  })
})
