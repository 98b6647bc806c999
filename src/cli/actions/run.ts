import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { loadConfig } from '../../config/index.js'
import { RivetError } from '../../errors/index.js'
import { logger } from '../../log/index.js'
import { runExports } from '../../pipeline/run-exports.js'
import { assertPlanAccepted, buildRunPlans } from '../../plan/index.js'
import type { CliContext } from '../context.js'
import { parseParams } from '../params.js'
import { CliReporter } from '../render/cli-reporter.js'
import { withSignals } from '../signals.js'
import type { RunOptions } from '../commands/run.js'

/** `rivet run`: load → plan → run every export → aggregate (loaded lazily by commands/run.ts). */
export async function runCommand(opts: RunOptions, ctx: CliContext): Promise<void> {
  if (opts.force === true && opts.resume !== true) logger('rivet::cli').warn('--force has no effect without --resume')
  const loaded = await loadConfig(resolve(ctx.cwd, opts.config), { params: parseParams(opts.param), env: ctx.env })
  for (const w of loaded.warnings) logger('rivet::config').warn(w)
  const { plans, warnings } = buildRunPlans(loaded, {
    ...(opts.export === undefined ? {} : { exportName: opts.export }),
    flags: { validate: opts.validate === true, reconcile: false, resume: opts.resume === true, force: opts.force === true },
    env: ctx.env,
  })
  for (const w of warnings) logger('rivet::plan').warn(w)
  for (const plan of plans) assertPlanAccepted(plan)
  if (opts.json === true && plans.some((p) => p.destination.type === 'stdout')) {
    throw new RivetError('RIVET_CLI_CONFLICT', '--json cannot be combined with a `type: stdout` destination: both write to stdout', {
      hint: 'use `--summary-output <file>` for the run aggregate instead',
    })
  }
  const reporter = new CliReporter(ctx.io, plans.map((p) => p.exportName))
  const outcome = await withSignals(ctx, (signal) => runExports(plans, { configPath: loaded.path, configDir: loaded.dir, cwd: ctx.cwd, reporter, env: ctx.env, signal }))
  const json = JSON.stringify(outcome.aggregate, null, 2) + '\n'
  if (opts.summaryOutput !== undefined) await writeFile(resolve(ctx.cwd, opts.summaryOutput), json)
  if (opts.json === true) ctx.io.out(json)
  if (outcome.error !== undefined) throw outcome.error
}
