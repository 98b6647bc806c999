import { describe, expect, it } from 'vitest'
import { formatLogLine, resolveLogLevel } from '../../../src/log/index.js'

describe('logger', () => {
  it('defaults to warn and reads RIVET_LOG, then a plain RUST_LOG', () => {
    expect(resolveLogLevel({})).toBe('warn')
    expect(resolveLogLevel({ RIVET_LOG: 'debug' })).toBe('debug')
    expect(resolveLogLevel({ RUST_LOG: 'info' })).toBe('info')
    expect(resolveLogLevel({ RUST_LOG: 'rivet=debug' })).toBe('warn')
    expect(resolveLogLevel({ RIVET_LOG: 'off' })).toBe('silent')
  })
  it('formats timestamp, level, target and message', () => {
    const line = formatLogLine(JSON.stringify({ level: 40, time: 0, target: 'rivet::source', msg: 'hello', export: 'orders' }))
    expect(line).toBe('1970-01-01T00:00:00.000Z WARN rivet::source: hello export=orders\n')
  })
})
