import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { discoverDatabases } from './databases.js'

/** e2e tests run the bundled CLI (`dist/cli/`), as a user does; `npm run build` must come first. */
export default async function setup(project: TestProject): Promise<void> {
  const entry = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js')
  if (!existsSync(entry)) throw new Error(`e2e setup: ${entry} is missing — run \`npm run build\` before the e2e tests`)
  const targets = await discoverDatabases()
  for (const reason of targets.skipReasons) console.warn(`\n*** ${reason}\n`)
  project.provide('pgUrl', targets.pgUrl)
  project.provide('mysqlUrl', targets.mysqlUrl)
  project.provide('mssqlUrl', targets.mssqlUrl)
}
