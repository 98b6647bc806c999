import type { TestProject } from 'vitest/node'
import { discoverDatabases } from './databases.js'

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null
    mysqlUrl: string | null
    mssqlUrl: string | null
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const targets = await discoverDatabases()
  for (const reason of targets.skipReasons) console.warn(`\n*** ${reason}\n`)
  project.provide('pgUrl', targets.pgUrl)
  project.provide('mysqlUrl', targets.mysqlUrl)
  project.provide('mssqlUrl', targets.mssqlUrl)
}
