import { describe, expect, it } from 'vitest'
import { RivetError } from '../../../src/errors/index.js'
import { duplicateGuard } from '../../../src/pipeline/finish-export.js'

describe('duplicate guard (F08)', () => {
  const transient = new RivetError('RIVET_SOURCE_QUERY', 'connection reset', { retry: { kind: 'transient', reconnect: true, extraDelayMs: 0 } })
  it('turns a transient failure after committed files into a data-integrity stop', () => {
    const guarded = duplicateGuard(transient, 2)
    expect(guarded).toMatchObject({ code: 'RIVET_DUPLICATE_GUARD', exitClass: 3 })
    expect(guarded.message).toContain('transient error after 2 file(s) written to destination — cannot safely retry (would duplicate rows)')
  })
  it('leaves failures alone when nothing was committed, or when they are not transient', () => {
    expect(duplicateGuard(transient, 0)).toBe(transient)
    const permanent = new RivetError('RIVET_SOURCE_QUERY', 'syntax error')
    expect(duplicateGuard(permanent, 3)).toBe(permanent)
  })
})
