import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { registerSchema } from '../../../src/cli/commands/schema.js'
import type { CliContext } from '../../../src/cli/context.js'
import { configJsonSchemaText } from '../../../src/config/index.js'

const REPO = join(import.meta.dirname, '..', '..', '..')

function context(): { ctx: CliContext; out: string[] } {
  const out: string[] = []
  const ctx: CliContext = {
    io: { out: (t) => void out.push(t), err: () => undefined, stdoutIsTTY: false, stderrIsTTY: false },
    env: {},
    cwd: REPO,
    exitCode: 0,
  }
  return { ctx, out }
}

describe('rivet schema config', () => {
  it('prints the generated JSON Schema', async () => {
    const { ctx, out } = context()
    const program = new Command('rivet').exitOverride()
    registerSchema(program, ctx)
    await program.parseAsync(['schema', 'config'], { from: 'user' })
    const text = out.join('')
    expect(text).toBe(configJsonSchemaText())
    const schema = JSON.parse(text) as { $schema: string; required: string[]; properties: Record<string, unknown> }
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema.required).toEqual(['source', 'exports'])
    expect(Object.keys(schema.properties)).toEqual(['source', 'exports', 'notifications', 'parallel_exports', 'parallel_export_processes'])
  })

  it('rejects an unknown kind as a usage error', async () => {
    const { ctx } = context()
    const program = new Command('rivet').exitOverride().configureOutput({ writeErr: () => undefined })
    registerSchema(program, ctx)
    await expect(program.parseAsync(['schema', 'plan'], { from: 'user' })).rejects.toMatchObject({ code: 'commander.invalidArgument' })
  })

  it('the committed schemas/rivet.schema.json equals the generated schema (run `npm run build` to refresh)', () => {
    expect(readFileSync(join(REPO, 'schemas', 'rivet.schema.json'), 'utf8')).toBe(configJsonSchemaText())
  })
})
