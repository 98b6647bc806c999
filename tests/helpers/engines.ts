import { inject } from 'vitest'
import { mysqlExec } from './mysql.js'
import { pgExec } from './pg.js'

/** The engines this run can reach, for `describe.each` scenario suites (Kysely's DIALECTS). */
export interface EngineTarget {
  readonly engine: 'postgres' | 'mysql'
  readonly url: string
  exec(sql: string): Promise<void>
  /** Column type spellings that differ per engine. */
  readonly types: { readonly text: string; readonly varchar: (n: number) => string; readonly bigint: string }
}

export function engineTargets(): EngineTarget[] {
  const out: EngineTarget[] = []
  const pgUrl = inject('pgUrl')
  const mysqlUrl = inject('mysqlUrl')
  if (pgUrl !== null) out.push({ engine: 'postgres', url: pgUrl, exec: (sql) => pgExec(pgUrl, sql), types: { text: 'text', varchar: (n) => `varchar(${n})`, bigint: 'bigint' } })
  if (mysqlUrl !== null) out.push({ engine: 'mysql', url: mysqlUrl, exec: (sql) => mysqlExec(mysqlUrl, sql), types: { text: 'text', varchar: (n) => `varchar(${n})`, bigint: 'bigint' } })
  return out
}
