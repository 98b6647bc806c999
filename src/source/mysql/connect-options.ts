import { readFileSync } from 'node:fs'
import type { ConnectionOptions, SslOptions } from 'mysql2'
import { RivetError } from '../../errors/index.js'
import type { ResolvedSource, ResolvedTls } from '../../plan/run-plan.js'

/**
 * Server-side prepared statements kept per connection. mysql2 caches one per distinct SQL
 * text and closes it only on eviction (its default keeps 16,000); the server's limit
 * (`max_prepared_stmt_count`, 16,382 by default) is shared by every client, so a long export
 * of many parameterised statements must not hold thousands of them.
 */
export const MAX_PREPARED_STATEMENTS = 8

/**
 * `ResolvedSource` → mysql2 connection options. The URL is parsed here (never handed to
 * mysql2 as `uri`), so URL parameters such as `ssl-mode` cannot override the `tls:` block.
 * Value options keep every type exact: BIGINT and DECIMAL as strings, temporal values as
 * the server's text, JSON as text.
 */
export function mysqlConnectOptions(source: ResolvedSource, opts: { connectTimeoutMs: number }): ConnectionOptions {
  const endpoint = endpointOf(source)
  const ssl = source.tls === undefined ? undefined : sslOptions(source.tls)
  return {
    ...endpoint,
    ...(ssl === undefined ? {} : { ssl }),
    connectTimeout: opts.connectTimeoutMs,
    charset: 'utf8mb4_general_ci',
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    dateStrings: true,
    jsonStrings: true,
    multipleStatements: false,
    enableKeepAlive: true,
    maxPreparedStatements: MAX_PREPARED_STATEMENTS,
  }
}

interface Endpoint {
  host: string
  port: number
  user: string
  password?: string
  database?: string
}

function endpointOf(source: ResolvedSource): Endpoint {
  const c = source.connection
  if (c.kind === 'fields') {
    return { host: c.host, port: c.port, user: c.user, ...(c.password === undefined ? {} : { password: c.password }), database: c.database }
  }
  let url: URL
  try {
    url = new URL(c.url)
  } catch (err) {
    throw new RivetError('RIVET_CONFIG_INVALID', 'source: the MySQL URL cannot be parsed', { cause: err, hint: 'use `mysql://user:password@host:3306/database` (percent-encode special characters)' })
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new RivetError('RIVET_CONFIG_INVALID', `source: unsupported URL scheme '${url.protocol}' for a MySQL source`, { hint: 'use `mysql://user:password@host:3306/database`' })
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''))
  const password = url.password === '' ? undefined : decodeURIComponent(url.password)
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost',
    port: url.port === '' ? 3306 : Number(url.port),
    user: decodeURIComponent(url.username),
    ...(password === undefined ? {} : { password }),
    ...(database === '' ? {} : { database }),
  }
}

/** C12 posture → mysql2 `ssl`; undefined means plaintext. */
export function sslOptions(tls: ResolvedTls): SslOptions | undefined {
  if (tls.mode === 'disable') return undefined
  if (tls.mode === 'require') return { rejectUnauthorized: false }
  const out: SslOptions = { rejectUnauthorized: !tls.acceptInvalidCerts, verifyIdentity: tls.mode === 'verify-full' && !tls.acceptInvalidHostnames }
  if (tls.caFile !== undefined) {
    try {
      out.ca = readFileSync(tls.caFile, 'utf8')
    } catch (err) {
      throw new RivetError('RIVET_SOURCE_CONNECT', `tls: cannot read ca_file '${tls.caFile}'`, { cause: err, hint: 'check `source.tls.ca_file` points at a readable PEM file' })
    }
  }
  return out
}
