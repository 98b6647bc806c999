import { mkdir, readdir, stat, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { loadConfig } from '../../config/index.js'
import { demoConfigYaml } from '../../demo/demo-config.js'
import { runExports } from '../../pipeline/run-exports.js'
import { assertPlanAccepted, buildRunPlans } from '../../plan/index.js'
import type { CliContext } from '../context.js'
import { CliReporter } from '../render/cli-reporter.js'
import { fmtBytes } from '../render/format-units.js'

/** `rivet demo`: embedded PostgreSQL → config → run (loaded lazily by commands/demo.ts). */
export async function demo(ctx: CliContext, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true })
  ctx.io.err('rivet demo: starting an embedded PostgreSQL and seeding tables customers (500 rows) and orders (20,000 rows)…\n')
  // Loaded only here: PGlite is a WebAssembly PostgreSQL that `rivet --help` should never pay for.
  const { startDemoDatabase } = await import('../../demo/demo-database.js')
  const db = await startDemoDatabase()
  try {
    const configPath = join(dir, 'rivet.yaml')
    await writeFile(configPath, demoConfigYaml(db.url))
    const loaded = await loadConfig(configPath, { env: ctx.env })
    const { plans } = buildRunPlans(loaded, { flags: { validate: false, reconcile: false, resume: false, force: false }, env: ctx.env })
    for (const plan of plans) assertPlanAccepted(plan)
    const reporter = new CliReporter(ctx.io, plans.map((p) => p.exportName))
    // Local paths in the demo config are relative to the demo directory.
    const outcome = await runExports(plans, { configPath, configDir: dir, cwd: dir, reporter, env: ctx.env })
    if (outcome.error !== undefined) throw outcome.error
    ctx.io.out(`\nrivet demo: wrote ${outcome.aggregate.total_rows} rows in ${outcome.aggregate.total_files} data files (with manifest.json and _SUCCESS per export):\n`)
    for (const file of await listFiles(join(dir, 'output'))) ctx.io.out(`  ${relative(ctx.cwd, file.path)}  (${fmtBytes(file.size)})\n`)
    const rel = relative(ctx.cwd, configPath)
    ctx.io.out(`\nNext:\n  rivet state files -c ${rel}\n  rivet metrics -c ${rel}\n  cat ${relative(ctx.cwd, join(dir, 'output', 'orders', 'manifest.json'))}\n`)
  } finally {
    await db.stop()
  }
}

async function listFiles(root: string): Promise<{ path: string; size: number }[]> {
  const out: { path: string; size: number }[] = []
  for (const entry of (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile())) {
    const path = join(entry.parentPath, entry.name)
    out.push({ path, size: (await stat(path)).size })
  }
  return out.sort((a, b) => a.path.localeCompare(b.path))
}
