import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig, type LoadedConfig } from '../../../src/config/index.js'
import { buildRunPlans } from '../../../src/plan/index.js'
import type { ResolvedRunPlan, RunFlags } from '../../../src/plan/index.js'

export const NO_FLAGS: RunFlags = { validate: false, reconcile: false, resume: false, force: false }

/** Writes a config (plus side files) into a fresh temp dir and loads it. */
export async function loadYaml(yaml: string, files: Record<string, string> = {}, params = new Map<string, string>()): Promise<LoadedConfig> {
  const dir = mkdtempSync(join(tmpdir(), 'rivet-plan-'))
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), body)
  }
  writeFileSync(join(dir, 'rivet.yaml'), yaml)
  return loadConfig(join(dir, 'rivet.yaml'), { params, env: {} })
}

export const SOURCE = 'source:\n  type: postgres\n  url: postgresql://localhost/db\n'

/** One export with `extra` lines (4-space indented keys) and a local destination unless given. */
export function exportYaml(extra: string, dest = '    destination:\n      type: local\n      path: ./out\n'): string {
  return `exports:\n  - name: e\n${extra}${extra.includes('format:') ? '' : '    format: parquet\n'}${dest}`
}

export async function planOf(extra: string, opts: { dest?: string; flags?: Partial<RunFlags>; env?: NodeJS.ProcessEnv } = {}): Promise<ResolvedRunPlan> {
  const loaded = await loadYaml(SOURCE + exportYaml(extra.includes('query') || extra.includes('table:') ? extra : `    query: SELECT 1\n${extra}`, opts.dest))
  const { plans } = buildRunPlans(loaded, { flags: { ...NO_FLAGS, ...opts.flags }, env: opts.env ?? {} })
  const plan = plans[0]
  if (plan === undefined) throw new Error('no plan')
  return plan
}
