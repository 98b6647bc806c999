import { describe, expect, it } from 'vitest'
import { ExitClass, RIVET_CODES, RivetError, mostSevere } from '../../../src/errors/index.js'

describe('RivetError', () => {
  it('takes its exit class from the code table', () => {
    expect(new RivetError('RIVET_QUALITY_GATE', 'x').exitClass).toBe(ExitClass.DataIntegrity)
    expect(new RivetError('RIVET_SCHEMA_DRIFT', 'x').exitClass).toBe(ExitClass.SchemaDrift)
    expect(new RivetError('RIVET_CONFIG_INVALID', 'x').exitClass).toBe(ExitClass.Generic)
  })

  it('raises a generic code to retryable when classified transient, never other classes', () => {
    const transient = { kind: 'transient', reconnect: true, extraDelayMs: 0 } as const
    expect(new RivetError('RIVET_SOURCE_QUERY', 'x', { retry: transient }).exitClass).toBe(ExitClass.Retryable)
    expect(new RivetError('RIVET_DUPLICATE_GUARD', 'x', { retry: transient }).exitClass).toBe(ExitClass.DataIntegrity)
  })

  it('serialises code, message and hint', () => {
    const e = new RivetError('RIVET_CONFIG_INVALID', 'bad', { hint: 'fix it' })
    expect(JSON.parse(JSON.stringify(e))).toEqual({ code: 'RIVET_CONFIG_INVALID', message: 'bad', hint: 'fix it' })
  })

  it('every code is RIVET_UPPER_SNAKE', () => {
    for (const code of Object.keys(RIVET_CODES)) expect(code).toMatch(/^RIVET_[A-Z0-9_]+$/)
  })

  it('aggregates failures by severity: integrity > drift > retryable > generic (A05)', () => {
    expect(mostSevere([ExitClass.Generic, ExitClass.SchemaDrift, ExitClass.DataIntegrity])).toBe(ExitClass.DataIntegrity)
    expect(mostSevere([ExitClass.Retryable, ExitClass.SchemaDrift])).toBe(ExitClass.SchemaDrift)
    expect(mostSevere([ExitClass.Generic, ExitClass.Retryable])).toBe(ExitClass.Retryable)
    expect(mostSevere([])).toBe(ExitClass.Success)
  })
})
