import type { Logger } from '../../log/index.js'
import { cellText } from './run-query.js'
import type { SqlRunner } from './session.js'

/** What sits between rivet and the MySQL server (D22). Advisory only. */
export type MysqlProxyKind = 'direct' | 'proxysql' | 'maxscale' | 'multiplexed'

export interface ProxySignals {
  /** `PROXYSQL INTERNAL SESSION` was accepted (only ProxySQL's client port answers it). */
  readonly proxysqlInternalAccepted: boolean
  readonly versionComment: string | undefined
  readonly proxyVersion: string | undefined
  readonly connectionIds: readonly [string, string] | undefined
}

/** Specific signals win over the generic CONNECTION_ID drift (a pinned ProxySQL session hides drift). */
export function classifyMysqlProxy(s: ProxySignals): MysqlProxyKind {
  if (s.proxysqlInternalAccepted) return 'proxysql'
  const comment = s.versionComment?.toLowerCase() ?? ''
  if (comment.includes('proxysql')) return 'proxysql'
  if (comment.includes('maxscale')) return 'maxscale'
  if (s.proxyVersion !== undefined && s.proxyVersion !== '') return 'proxysql'
  if (s.connectionIds !== undefined && s.connectionIds[0] !== s.connectionIds[1]) return 'multiplexed'
  return 'direct'
}

export function proxyWarning(kind: MysqlProxyKind): string | undefined {
  switch (kind) {
    case 'direct':
      return undefined
    case 'proxysql':
      return 'source: ProxySQL detected in front of MySQL — per-connection session settings (time_zone, statement timeout) may not survive multiplexing; connect to the server directly for production exports'
    case 'maxscale':
      return 'source: MariaDB MaxScale detected — statements may be rewritten or routed; check the active router accepts rivet\'s SELECTs and that session timeouts reach the backend'
    case 'multiplexed':
      return 'source: CONNECTION_ID() changed between two statements — a connection multiplexer is in the path; session settings may not persist, connect to the server directly'
  }
}

async function attempt<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn()
  } catch {
    // Expected on a direct server: PROXYSQL commands and @@proxy_version are unknown there.
    return undefined
  }
}

function cell(rows: unknown[][] | undefined): string | undefined {
  return cellText(rows?.[0]?.[0]) ?? undefined
}

/** Collects the signals on a live connection and logs one WARN when a proxy is found. Never throws. */
export async function detectMysqlProxy(run: SqlRunner, log: Logger): Promise<MysqlProxyKind> {
  const internal = await attempt(() => run('PROXYSQL INTERNAL SESSION'))
  const versionComment = cell(await attempt(() => run('SELECT @@version_comment')))
  const proxyVersion = cell(await attempt(() => run('SELECT @@proxy_version')))
  const a = cell(await attempt(() => run('SELECT CONNECTION_ID()')))
  const b = cell(await attempt(() => run('SELECT CONNECTION_ID()')))
  const kind = classifyMysqlProxy({
    proxysqlInternalAccepted: internal !== undefined,
    versionComment,
    proxyVersion,
    connectionIds: a === undefined || b === undefined ? undefined : [a, b],
  })
  const warning = proxyWarning(kind)
  if (warning !== undefined) log.warn(warning)
  return kind
}
