import { CommanderError } from 'commander'
import { describe, expect, it } from 'vitest'
import { fullMessage, renderError } from '../../../src/cli/render-error.js'
import { RivetError } from '../../../src/errors/index.js'

describe('renderError', () => {
  it('prints Error:, the hint and the code; exit from the class', () => {
    const r = renderError(new RivetError('RIVET_QUALITY_GATE', 'export x: 1 quality check(s) failed', { hint: 'fix data' }), { jsonErrors: false })
    expect(r.exitCode).toBe(3)
    expect(r.text).toBe('Error: export x: 1 quality check(s) failed\n  Hint: fix data\n  Code: RIVET_QUALITY_GATE\n')
  })

  it('--json-errors prints exactly one JSON line with error, code, hint, exit_class', () => {
    const r = renderError(new RivetError('RIVET_SCHEMA_DRIFT', 'drift'), { jsonErrors: true })
    expect(r.text.trimEnd().split('\n')).toHaveLength(1)
    expect(JSON.parse(r.text)).toEqual({ error: 'drift', code: 'RIVET_SCHEMA_DRIFT', hint: null, exit_class: 4 })
    expect(r.exitCode).toBe(4)
  })

  it('joins the cause chain with ": " and redacts and sanitises it (A03, A07, A08)', () => {
    const cause = new Error('connect to postgres://u:secret@db/x refused \u001b[2J')
    const r = renderError(new RivetError('RIVET_SOURCE_CONNECT', 'source: cannot connect', { cause }), { jsonErrors: false })
    expect(r.text).toContain('source: cannot connect: connect to postgres://REDACTED@db/x refused \\u{1b}[2J')
    expect(r.text).not.toContain('secret')
  })

  it('usage errors exit 2; programming errors exit 70; foreign errors exit 1', () => {
    expect(renderError(new CommanderError(1, 'commander.unknownCommand', "error: unknown command 'x'"), { jsonErrors: false }).exitCode).toBe(2)
    expect(renderError(new TypeError('x is undefined'), { jsonErrors: false }).exitCode).toBe(70)
    expect(renderError(new Error('boom'), { jsonErrors: false }).exitCode).toBe(1)
  })

  it('interrupted runs exit 130/143 by signal', () => {
    expect(renderError(new RivetError('RIVET_INTERRUPTED', 'x', { details: { signal: 'SIGTERM' } }), { jsonErrors: false }).exitCode).toBe(143)
    expect(renderError(new RivetError('RIVET_INTERRUPTED', 'x', { details: { signal: 'SIGINT' } }), { jsonErrors: false }).exitCode).toBe(130)
  })

  it('fullMessage skips causes already contained in the message', () => {
    const e = new Error('outer: inner', { cause: new Error('inner') })
    expect(fullMessage(e)).toBe('outer: inner')
  })
})
