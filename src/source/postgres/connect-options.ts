import { readFileSync } from 'node:fs'
import type { ClientConfig } from 'pg'
import type { ConnectionOptions } from 'node:tls'
import { RivetError } from '../../errors/index.js'
import type { ResolvedSource, ResolvedTls } from '../../plan/run-plan.js'

/** Parameters node-postgres would otherwise read from the URL and let override our TLS choice. */
const URL_TLS_PARAMS = ['sslmode', 'ssl', 'sslcert', 'sslkey', 'sslrootcert', 'uselibpqcompat']

/** `ResolvedSource` → node-postgres client config, honouring the `tls:` block (C12). */
export function pgClientConfig(source: ResolvedSource, opts: { connectTimeoutMs: number; applicationName: string }): ClientConfig {
  const base: ClientConfig = {
    connectionTimeoutMillis: opts.connectTimeoutMs,
    application_name: opts.applicationName,
    keepAlive: true,
  }
  const ssl = source.tls === undefined ? undefined : tlsOptions(source.tls)
  if (source.connection.kind === 'fields') {
    const c = source.connection
    return { ...base, host: c.host, port: c.port, user: c.user, password: c.password, database: c.database, ssl: ssl ?? false }
  }
  if (ssl === undefined) return { ...base, connectionString: source.connection.url }
  const url = new URL(source.connection.url)
  for (const p of URL_TLS_PARAMS) url.searchParams.delete(p)
  return { ...base, connectionString: url.toString(), ssl }
}

function tlsOptions(tls: ResolvedTls): ConnectionOptions | false {
  if (tls.mode === 'disable') return false
  const out: ConnectionOptions = { rejectUnauthorized: true }
  if (tls.caFile !== undefined) {
    try {
      out.ca = readFileSync(tls.caFile, 'utf8')
    } catch (err) {
      throw new RivetError('RIVET_SOURCE_CONNECT', `tls: cannot read ca_file '${tls.caFile}'`, { cause: err, hint: 'check `source.tls.ca_file` points at a readable PEM file' })
    }
  }
  // require: encrypt only; verify-ca: chain but not hostname; verify-full: both.
  if (tls.mode === 'require' || tls.acceptInvalidCerts) out.rejectUnauthorized = false
  if (tls.mode === 'verify-ca' || tls.mode === 'require' || tls.acceptInvalidHostnames) out.checkServerIdentity = () => undefined
  return out
}
