import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CONFIG_FIXTURES, readFixtures } from '../fixtures/configs/fixture-meta.js'
import { runCli } from '../helpers/run-cli.js'

const work = mkdtempSync(join(tmpdir(), 'rivet-cfg-e2e-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

/** Every entry under `dir`, recursively, as relative paths. */
function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()
}

describe('rivet run rejects every negative config fixture (built CLI)', () => {
  const fixtures = readFixtures('negative')

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', async (name, f) => {
    // A private copy (with the sql/ sidecars, symlinks kept) so nothing can land next to the original.
    const dir = join(work, name)
    cpSync(join(CONFIG_FIXTURES, 'negative', 'sql'), join(dir, 'sql'), { recursive: true, verbatimSymlinks: true })
    cpSync(f.file, join(dir, basename(f.file)))
    const before = listing(dir)
    const params = [...f.params].flatMap(([k, v]) => ['-p', `${k}=${v}`])
    const r = await runCli(['run', '-c', basename(f.file), ...params, '--json-errors'], { cwd: dir, env: f.env })
    expect(r.code, r.stderr).toBe(1)
    const line = JSON.parse(r.stderr.trim().split('\n').at(-1) ?? '') as { code: string; error: string; hint?: string; exit_class: number }
    expect(line.code).toBe(f.code)
    expect(line.exit_class).toBe(1)
    expect(`${line.error}\n${line.hint ?? ''}`).toContain(f.message)
    expect(r.stdout).toBe('')
    // Loading and planning write nothing: no state DB, no .rivet/, no output directory.
    expect(listing(dir)).toEqual(before)
  })
})

describe('rivet schema config (built CLI)', () => {
  it('exits 0 and prints a JSON Schema', async () => {
    const r = await runCli(['schema', 'config'])
    expect(r.code, r.stderr).toBe(0)
    const schema = JSON.parse(r.stdout) as { $schema: string; properties: Record<string, unknown> }
    expect(schema.$schema).toContain('json-schema.org')
    expect(Object.keys(schema.properties)).toContain('exports')
  })
})
