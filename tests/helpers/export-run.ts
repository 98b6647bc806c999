import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../src/config/index.js'
import { SILENT_REPORTER } from '../../src/pipeline/export-result.js'
import { runExports, type RunOutcome } from '../../src/pipeline/run-exports.js'
import { assertPlanAccepted, buildRunPlans } from '../../src/plan/index.js'
import type { RunFlags } from '../../src/plan/run-plan.js'

/** A temp project dir with `rivet.yaml` written from `yaml`. */
export async function tempProject(yaml: string): Promise<{ dir: string; config: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'rivet-it-'))
  const config = join(dir, 'rivet.yaml')
  await writeFile(config, yaml)
  return { dir, config }
}

/** Runs every export of a config in-process, exactly as `rivet run` does (minus printing). */
export async function runConfig(config: string, cwd: string, env: NodeJS.ProcessEnv = process.env, flags: Partial<RunFlags> = {}): Promise<RunOutcome> {
  const loaded = await loadConfig(config, { env })
  const { plans } = buildRunPlans(loaded, { flags: { validate: false, reconcile: false, resume: false, force: false, ...flags }, env })
  for (const p of plans) assertPlanAccepted(p)
  return runExports(plans, { configPath: loaded.path, configDir: loaded.dir, cwd, reporter: SILENT_REPORTER, env })
}
