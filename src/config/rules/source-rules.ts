import type { Report } from './report.js'

/** The fields the source rules read; kept structural so the rules need no zod. */
export interface SourceFields {
  readonly type: 'postgres' | 'mysql' | 'mssql'
  readonly url?: string | undefined
  readonly url_env?: string | undefined
  readonly url_file?: string | undefined
  readonly host?: string | undefined
  readonly port?: number | undefined
  readonly user?: string | undefined
  readonly password?: string | undefined
  readonly password_env?: string | undefined
  readonly database?: string | undefined
}

const URL_SCHEMES: Readonly<Record<SourceFields['type'], readonly string[]>> = {
  postgres: ['postgres', 'postgresql'],
  mysql: ['mysql'],
  mssql: ['sqlserver', 'mssql'],
}

const CONNECTION_CHOICES =
  'add one of: `url_env: DATABASE_URL` (URL from an env var — recommended), `url: postgresql://user@host:5432/db` (inline), `url_file: /etc/rivet/source.url` (URL from a file), or structured `host`/`user`/`database` fields'

export function hasUrlFields(s: SourceFields): boolean {
  return s.url !== undefined || s.url_env !== undefined || s.url_file !== undefined
}

export function hasStructuredFields(s: SourceFields): boolean {
  return (
    s.host !== undefined ||
    s.user !== undefined ||
    s.database !== undefined ||
    s.password !== undefined ||
    s.password_env !== undefined ||
    s.port !== undefined
  )
}

/** C08/C09: one connection method, complete, with no ambiguous mixes. */
export function checkSourceConnection(s: SourceFields, report: Report): void {
  const url = hasUrlFields(s)
  const structured = hasStructuredFields(s)
  if (!url && !structured) {
    report([], 'no connection method configured. Add one of: url_env, url, url_file, or host/user/database', CONNECTION_CHOICES)
    return
  }
  const urlCount = [s.url, s.url_env, s.url_file].filter((v) => v !== undefined).length
  if (urlCount > 1) {
    report(
      [],
      `specify exactly one of 'url', 'url_env', or 'url_file' (got ${urlCount} set)`,
      'pick one — `url_env` is recommended so credentials never enter the YAML',
    )
  }
  if (url && structured) {
    report(
      [],
      'pick either URL-based config (url/url_env/url_file) OR structured fields (host/user/database/port/password_env), not both',
      "remove whichever block you don't want; mixing the two is ambiguous",
    )
    return
  }
  if (structured) checkStructured(s, report)
  if (s.url !== undefined) checkUrlScheme(s.type, s.url, report)
}

function checkStructured(s: SourceFields, report: Report): void {
  const hints: Record<string, string> = {
    host: 'add `host: localhost` (or your DB host) under `source:`, or switch to URL-based config: `url_env: DATABASE_URL`',
    user: 'add `user: <username>` under `source:`',
    database: 'add `database: <dbname>` under `source:`',
  }
  for (const key of ['host', 'user', 'database'] as const) {
    if (s[key] === undefined) report([], `structured config is missing '${key}'`, hints[key])
  }
  if (s.password !== undefined && s.password_env !== undefined) {
    report([], "specify 'password' OR 'password_env', not both", 'prefer `password_env: DB_PASSWORD` so credentials never enter the YAML')
  }
}

function checkUrlScheme(type: SourceFields['type'], url: string, report: Report): void {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)
  if (!Object.hasOwn(URL_SCHEMES, type)) return // an invalid `type` is reported on its own
  const allowed = URL_SCHEMES[type]
  if (m === null) {
    report(['url'], `is not a URL (expected ${allowed.map((a) => `${a}://`).join(' or ')}…)`)
    return
  }
  const scheme = (m[1] ?? '').toLowerCase()
  if (!allowed.includes(scheme)) {
    report(['url'], `scheme '${scheme}://' does not match type: ${type} (expected ${allowed.map((a) => `${a}://`).join(' or ')})`)
  }
}

/** `scheme://user:password@host` with a non-empty password (W02). */
export function urlHasPassword(url: string): boolean {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)@/.exec(url)
  if (m === null) return false
  const userinfo = m[1] ?? ''
  const colon = userinfo.indexOf(':')
  return colon >= 0 && colon < userinfo.length - 1
}
