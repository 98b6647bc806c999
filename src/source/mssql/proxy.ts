import type { Logger } from '../../log/index.js'

/** What sits between rivet and SQL Server (D22). Advisory only. */
export type MssqlProxyKind = 'direct' | 'multiplexed' | 'azure-gateway'

/** Runs a scalar query; undefined when it failed or returned nothing. */
export type ScalarProbe = (sql: string) => Promise<string | undefined>

/** SPID drift beats the edition check: a multiplexer breaks session state outright. */
export function classifyMssqlProxy(spids: readonly [string | undefined, string | undefined], engineEdition: string | undefined): MssqlProxyKind {
  const [a, b] = spids
  if (a !== undefined && b !== undefined && a !== b) return 'multiplexed'
  // EngineEdition 5 = Azure SQL Database, 8 = Azure SQL Managed Instance.
  if (engineEdition === '5' || engineEdition === '8') return 'azure-gateway'
  return 'direct'
}

export function mssqlProxyWarning(kind: MssqlProxyKind): string | undefined {
  switch (kind) {
    case 'direct':
      return undefined
    case 'multiplexed':
      return 'source: @@SPID changed between two statements — a connection multiplexer is in the path; SET LOCK_TIMEOUT and other session state may not persist, connect to SQL Server directly'
    case 'azure-gateway':
      return 'source: Azure SQL gateway detected (EngineEdition 5/8) — connections may be redirected or dropped during failover; transient Azure errors (40613, 40197, 40501, 4991x) are retried with a reconnect'
  }
}

/** Collects the signals on a live connection and logs one WARN when a proxy is found. Never throws. */
export async function detectMssqlProxy(probe: ScalarProbe, log: Logger): Promise<MssqlProxyKind> {
  const a = await probe('SELECT CAST(@@SPID AS INT)')
  const b = await probe('SELECT CAST(@@SPID AS INT)')
  const edition = await probe("SELECT CAST(SERVERPROPERTY('EngineEdition') AS INT)")
  const kind = classifyMssqlProxy([a, b], edition)
  const warning = mssqlProxyWarning(kind)
  if (warning !== undefined) log.warn(warning)
  return kind
}
