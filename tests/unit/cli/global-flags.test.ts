import { describe, expect, it } from 'vitest'
import { splitGlobalFlags } from '../../../src/cli/global-flags.js'

describe('splitGlobalFlags', () => {
  it('accepts --json-errors before or after the subcommand', () => {
    expect(splitGlobalFlags(['--json-errors', 'run', '-c', 'x']).flags.jsonErrors).toBe(true)
    expect(splitGlobalFlags(['run', '-c', 'x', '--json-errors'])).toEqual({ args: ['run', '-c', 'x'], flags: { jsonErrors: true } })
  })
  it('leaves everything after -- alone', () => {
    expect(splitGlobalFlags(['run', '--', '--json-errors'])).toEqual({ args: ['run', '--', '--json-errors'], flags: { jsonErrors: false } })
  })
})
