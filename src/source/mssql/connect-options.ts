import { readFileSync } from 'node:fs'
import type { ConnectionConfiguration } from 'tedious'
import { RivetError } from '../../errors/index.js'
import type { ResolvedSource, ResolvedTls } from '../../plan/run-plan.js'

/** A SQL Server endpoint parsed from a URL, an ADO-style string or structured fields. */
export interface MssqlEndpoint {
  readonly host: string
  readonly port: number | undefined
  readonly instanceName: string | undefined
  readonly user: string
  readonly password: string | undefined
  readonly database: string | undefined
  /** `encrypt` / `trustServerCertificate` written in the URL; used only without a `tls:` block. */
  readonly encrypt: boolean | undefined
  readonly trustServerCertificate: boolean | undefined
}

function invalid(detail: string, cause?: unknown): RivetError {
  return new RivetError('RIVET_CONFIG_INVALID', `source: the SQL Server URL cannot be parsed (${detail})`, {
    cause,
    hint: 'use `sqlserver://user:password@host:1433/database` or `sqlserver://host:1433;database=db;user=u;password=p`',
  })
}

function bool(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined
  const l = v.trim().toLowerCase()
  return l === 'true' || l === 'yes' || l === '1' || l === 'strict' || l === 'mandatory'
}

/** `;key=value` pairs (ADO / JDBC style), keys lower-cased without spaces. */
function pairs(text: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of text.split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    out.set(part.slice(0, eq).trim().toLowerCase().replaceAll(' ', ''), part.slice(eq + 1).trim())
  }
  return out
}

function pick(kv: Map<string, string>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = kv.get(k)
    if (v !== undefined) return v
  }
  return undefined
}

/** `host`, `host,1433`, `host:1433`, `host\instance`, `tcp:host,1433`. */
function splitServer(server: string): { host: string; port: number | undefined; instanceName: string | undefined } {
  const s = server.replace(/^tcp:/i, '')
  const inst = s.indexOf('\\')
  if (inst >= 0) return { host: s.slice(0, inst), port: undefined, instanceName: s.slice(inst + 1) }
  const m = /^(.*?)(?:[,:](\d+))?$/.exec(s)
  return { host: m?.[1] ?? s, port: m?.[2] === undefined ? undefined : Number(m[2]), instanceName: undefined }
}

/** Parses `sqlserver://` / `mssql://` URLs (with optional `;key=value` tail) and bare ADO strings. */
export function parseMssqlUrl(url: string): MssqlEndpoint {
  const scheme = /^(sqlserver|mssql):\/\//i.exec(url)
  if (scheme === null) {
    if (!url.includes('=')) throw invalid('expected sqlserver://, mssql:// or Server=…;Database=…')
    const kv = pairs(url)
    const server = pick(kv, 'server', 'datasource', 'address', 'addr')
    if (server === undefined) throw invalid('no Server= key')
    return fromPairs(splitServer(server), kv, undefined, undefined, undefined)
  }
  const rest = url.slice(scheme[0].length)
  const semi = rest.indexOf(';')
  const head = semi < 0 ? rest : rest.slice(0, semi)
  const kv = pairs(semi < 0 ? '' : rest.slice(semi + 1))
  let parsed: URL
  try {
    // Instance names (`host\inst`) are not URL syntax: lift them out before parsing.
    parsed = new URL(`mssql://${head.replace(/\\[^/:@]*/, '')}`)
  } catch (err) {
    throw invalid('malformed host or credentials', err)
  }
  const instance = /\\([^/:@]+)/.exec(head)?.[1]
  for (const [k, v] of parsed.searchParams) kv.set(k.toLowerCase(), v)
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''))
  return fromPairs(
    { host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port: parsed.port === '' ? undefined : Number(parsed.port), instanceName: instance },
    kv,
    parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
    parsed.password === '' ? undefined : decodeURIComponent(parsed.password),
    database === '' ? undefined : database,
  )
}

function fromPairs(server: ReturnType<typeof splitServer>, kv: Map<string, string>, user: string | undefined, password: string | undefined, database: string | undefined): MssqlEndpoint {
  const port = pick(kv, 'port')
  return {
    host: server.host,
    port: port === undefined ? server.port : Number(port),
    instanceName: pick(kv, 'instancename') ?? server.instanceName,
    user: user ?? pick(kv, 'user', 'userid', 'uid', 'username') ?? '',
    password: password ?? pick(kv, 'password', 'pwd'),
    database: database ?? pick(kv, 'database', 'databasename', 'initialcatalog'),
    encrypt: bool(pick(kv, 'encrypt')),
    trustServerCertificate: bool(pick(kv, 'trustservercertificate')),
  }
}

export function endpointOf(source: ResolvedSource): MssqlEndpoint {
  const c = source.connection
  if (c.kind === 'url') return parseMssqlUrl(c.url)
  return { host: c.host, port: c.port, instanceName: undefined, user: c.user, password: c.password, database: c.database, encrypt: undefined, trustServerCertificate: undefined }
}

/** C12 posture → tedious `encrypt` / `trustServerCertificate` / CA. */
export function tlsSettings(tls: ResolvedTls | undefined, endpoint: MssqlEndpoint): { encrypt: boolean; trustServerCertificate: boolean; ca?: string } {
  // No `tls:` block is only allowed on loopback (enforced earlier): honour the URL, default plaintext.
  if (tls === undefined) return { encrypt: endpoint.encrypt ?? false, trustServerCertificate: endpoint.trustServerCertificate ?? true }
  if (tls.mode === 'disable') return { encrypt: false, trustServerCertificate: true }
  if (tls.mode === 'require' || tls.acceptInvalidCerts) return { encrypt: true, trustServerCertificate: true }
  if (tls.caFile === undefined) return { encrypt: true, trustServerCertificate: false }
  try {
    return { encrypt: true, trustServerCertificate: false, ca: readFileSync(tls.caFile, 'utf8') }
  } catch (err) {
    throw new RivetError('RIVET_SOURCE_CONNECT', `tls: cannot read ca_file '${tls.caFile}'`, { cause: err, hint: 'check `source.tls.ca_file` points at a readable PEM file' })
  }
}

/** `ResolvedSource` → tedious configuration. Timeouts are rivet's own (client-side), so tedious' request timeout is off. */
export function mssqlConnectConfig(source: ResolvedSource, opts: { connectTimeoutMs: number }): ConnectionConfiguration {
  const e = endpointOf(source)
  const tls = tlsSettings(source.tls, e)
  return {
    server: e.host,
    authentication: { type: 'default', options: { userName: e.user, password: e.password ?? '' } },
    options: {
      ...(e.instanceName === undefined ? { port: e.port ?? 1433 } : { instanceName: e.instanceName }),
      ...(e.database === undefined ? {} : { database: e.database }),
      encrypt: tls.encrypt,
      trustServerCertificate: tls.trustServerCertificate,
      ...(tls.ca === undefined ? {} : { cryptoCredentialsDetails: { ca: tls.ca } }),
      connectTimeout: opts.connectTimeoutMs,
      requestTimeout: 0,
      useUTC: true,
      useColumnNames: false,
      rowCollectionOnDone: false,
      rowCollectionOnRequestCompletion: false,
      appName: 'rivet',
    },
  }
}
