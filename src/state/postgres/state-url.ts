import { readFileSync } from 'node:fs'
import type { ConnectionOptions } from 'node:tls'
import { redactSecrets } from '../../redact/index.js'

/** TLS policy of a `RIVET_STATE_URL`, from its `sslmode` (libpq names, I02). */
export type StateTlsMode = 'off' | 'require' | 'verify-ca' | 'verify-full'

export interface StateConnectTarget {
  /** The URL without `sslmode`/`sslrootcert`, which are turned into {@link ssl}. */
  readonly connectionString: string
  readonly tlsMode: StateTlsMode
  readonly ssl: ConnectionOptions | false
  /** The URL with its password redacted: safe for messages and logs. */
  readonly display: string
  readonly host: string
}

/**
 * `require`, `verify-ca` and `verify-full` negotiate TLS; anything else (missing,
 * `disable`, `prefer`, `allow`, unknown, wrong case) stays plaintext, as upstream does.
 * The last `sslmode` in the query wins, as in libpq.
 */
export function stateTlsMode(url: URL): StateTlsMode {
  const values = url.searchParams.getAll('sslmode')
  const last = values[values.length - 1]
  return last === 'require' || last === 'verify-ca' || last === 'verify-full' ? last : 'off'
}

export function parseStateUrl(raw: string): StateConnectTarget {
  const display = redactSecrets(raw)
  const url = new URL(raw)
  const tlsMode = stateTlsMode(url)
  const rootCertPath = url.searchParams.get('sslrootcert')
  url.searchParams.delete('sslmode')
  url.searchParams.delete('sslrootcert')
  const ca = rootCertPath === null ? undefined : readFileSync(rootCertPath, 'utf8')
  return { connectionString: url.toString(), tlsMode, ssl: tlsOptions(tlsMode, ca), display, host: url.hostname }
}

function tlsOptions(mode: StateTlsMode, ca: string | undefined): ConnectionOptions | false {
  const withCa = ca === undefined ? {} : { ca }
  switch (mode) {
    case 'off':
      return false
    case 'require':
      // encrypt only, like libpq `require` without a root certificate
      return ca === undefined ? { rejectUnauthorized: false } : { ...withCa, checkServerIdentity: () => undefined }
    case 'verify-ca':
      return { ...withCa, rejectUnauthorized: true, checkServerIdentity: () => undefined }
    case 'verify-full':
      return { ...withCa, rejectUnauthorized: true }
  }
}

/** Loopback hosts and Unix sockets need no TLS; anything else does in production. */
export function isLocalStateHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === '' || h === 'localhost' || h === '::1' || h.startsWith('127.') || h.startsWith('/')
}
