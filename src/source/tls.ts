import { isIP } from 'node:net'
import { RivetError } from '../errors/index.js'
import { logger } from '../log/index.js'
import type { ResolvedSource, SourceConnection } from '../plan/run-plan.js'

/**
 * Transport-security posture shared by every engine (C12–C13). With no `tls:` block a
 * loopback host connects in plaintext silently and a remote host is refused before dialing;
 * an explicit `tls: {mode: disable}` to a remote host is allowed with one WARN per process.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1')
  if (h === 'localhost') return true
  // Lexical `127.` checks would accept `127.evil.com`; only a real IP literal counts.
  if (isIP(h) === 4) return h.startsWith('127.')
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1'
  return false
}

/** Host named by a connection (URL or structured fields); `undefined` when unparseable. */
export function connectionHost(conn: SourceConnection): string | undefined {
  if (conn.kind === 'fields') return conn.host
  try {
    const host = new URL(conn.url).hostname
    return host === '' ? undefined : host
  } catch {
    // Not a WHATWG URL (e.g. an ADO-style MSSQL string): the engine adapter parses it.
    return undefined
  }
}

/** `sslmode`/`ssl` from a URL query string, lower-cased, when present. */
export function urlSslMode(conn: SourceConnection): string | undefined {
  if (conn.kind !== 'url') return undefined
  try {
    const params = new URL(conn.url).searchParams
    return (params.get('sslmode') ?? params.get('ssl-mode') ?? undefined)?.toLowerCase()
  } catch {
    // Unparseable URL: no TLS parameters can be read from it.
    return undefined
  }
}

let plaintextWarned = false

/** Enforces C13 before any socket is opened. */
export function enforceTlsPosture(source: ResolvedSource): void {
  const host = connectionHost(source.connection)
  const loopback = host !== undefined && isLoopbackHost(host)
  const urlMode = urlSslMode(source.connection)
  const urlEnforces = urlMode !== undefined && urlMode !== 'disable' && urlMode !== 'allow' && urlMode !== 'prefer'
  if (source.tls === undefined) {
    if (loopback || urlEnforces) return
    throw new RivetError(
      'RIVET_SOURCE_TLS_REQUIRED',
      `source: TLS required — refusing to connect to a remote (non-loopback) host${host === undefined ? '' : ` '${host}'`} without TLS; credentials and every exported row would cross the network in cleartext`,
      {
        hint: 'add `source.tls: { mode: verify-full }` (with `ca_file:` for a private CA), or opt into plaintext explicitly with `source.tls: { mode: disable }` if this network path is already trusted',
      },
    )
  }
  if (source.tls.mode === 'disable' && !loopback && !plaintextWarned) {
    plaintextWarned = true
    logger('rivet::source').warn(
      'source: TLS is not enforced — credentials and result rows cross the network in plaintext. Add `source.tls.mode: verify-full` to enable transport security.',
    )
  }
}
