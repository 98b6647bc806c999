import { readFileSync, realpathSync } from 'node:fs'
import { join, resolve, sep } from 'node:path'
import { RivetError, errorMessage } from '../errors/index.js'
import type { SecretOrigin, SourceConnection } from '../plan/run-plan.js'
import { registerSecret } from '../redact/index.js'
import { hasParentComponent, isAbsolutePath } from './rules/path-safety.js'
import type { SourceConfig } from './schema/source.js'
import { substituteVars, substitutionMessage } from './substitute.js'

const DEFAULT_PORTS = { postgres: 5432, mysql: 3306, mssql: 1433 } as const
const NO_PARAMS: ReadonlyMap<string, string> = new Map()

/**
 * C08/C09: the connection of a validated source, with `url_env`/`url_file`/`password_env`
 * resolved. Every secret found is registered for redaction (A07). Relative `url_file` paths
 * resolve against the working directory, as upstream does.
 */
export function resolveSourceConnection(source: SourceConfig, env: NodeJS.ProcessEnv): SourceConnection {
  if (source.url !== undefined) return urlConnection(source.url, { kind: 'inline' }, env)
  if (source.url_env !== undefined) {
    const value = env[source.url_env]
    if (value === undefined || value.trim() === '') throw secretUnset(source.url_env, 'url_env', 'postgresql://user:pass@host:5432/dbname', value !== undefined)
    return urlConnection(value, { kind: 'env', name: source.url_env }, env)
  }
  if (source.url_file !== undefined) {
    const file = resolve(source.url_file)
    let text: string
    try {
      text = readFileSync(file, 'utf8').trim()
    } catch (err) {
      throw new RivetError('RIVET_CONFIG_UNREADABLE', `source: cannot read url_file '${source.url_file}': ${errorMessage(err)}`, {
        hint: 'ensure the file exists and is readable; it should contain only the URL on a single line',
        cause: err,
      })
    }
    if (text === '') throw new RivetError('RIVET_CONFIG_INVALID', `source: url_file '${source.url_file}' is empty`, { hint: 'write the connection URL into the file' })
    return urlConnection(text, { kind: 'file', path: file }, env)
  }
  return fieldsConnection(source, env)
}

function fieldsConnection(source: SourceConfig, env: NodeJS.ProcessEnv): SourceConnection {
  let password: string | undefined
  let passwordOrigin: SecretOrigin = { kind: 'none' }
  if (source.password !== undefined) {
    password = source.password
    passwordOrigin = { kind: 'inline' }
  } else if (source.password_env !== undefined) {
    password = env[source.password_env]
    if (password === undefined) throw secretUnset(source.password_env, 'password_env', 'your-database-password')
    passwordOrigin = { kind: 'env', name: source.password_env }
  }
  registerSecret(password)
  return {
    kind: 'fields',
    host: source.host ?? '',
    port: source.port ?? DEFAULT_PORTS[source.type],
    user: source.user ?? '',
    password,
    passwordOrigin,
    database: source.database ?? '',
  }
}

function urlConnection(raw: string, origin: SecretOrigin, env: NodeJS.ProcessEnv): SourceConnection {
  const sub = substituteVars(raw, NO_PARAMS, env)
  const first = sub.problems[0]
  if (first !== undefined) throw new RivetError(first.kind === 'unset' ? 'RIVET_CONFIG_SECRET_UNSET' : 'RIVET_CONFIG_INVALID', `source: connection URL: ${substitutionMessage(first)}`)
  registerUrlPassword(sub.text)
  return { kind: 'url', url: sub.text, origin }
}

function registerUrlPassword(url: string): void {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)@/.exec(url)
  const userinfo = m?.[1]
  if (userinfo === undefined) return
  const colon = userinfo.indexOf(':')
  if (colon < 0) return
  const pass = userinfo.slice(colon + 1)
  registerSecret(pass)
  try {
    registerSecret(decodeURIComponent(pass))
  } catch {
    // URIError from a malformed %-escape: the raw form registered above is what appears in text.
  }
}

function secretUnset(name: string, key: string, example: string, empty = false): RivetError {
  return new RivetError('RIVET_CONFIG_SECRET_UNSET', `source: env var '${name}' is ${empty ? 'empty' : 'not set'} (referenced by ${key})`, {
    hint: `export the value before running, e.g. \`export ${name}='${example}'\`, or change \`${key}: ${name}\` to another variable`,
    details: { variable: name, key },
  })
}

/**
 * C05: reads `query_file` relative to the config directory — relative, no `..`, and (after
 * following symlinks) inside the directory — then applies `${VAR}` substitution (C02).
 */
export function readQueryFile(
  exportName: string,
  configDir: string,
  file: string,
  params: ReadonlyMap<string, string>,
  env: NodeJS.ProcessEnv,
): string {
  const fail = (message: string, hint?: string, cause?: unknown): RivetError =>
    new RivetError('RIVET_CONFIG_QUERY_FILE', `export '${exportName}': ${message}`, { ...(hint === undefined ? {} : { hint }), ...(cause === undefined ? {} : { cause }) })
  if (isAbsolutePath(file)) throw fail(`query_file must be a relative path: '${file}'`)
  if (hasParentComponent(file)) throw fail(`query_file path must not contain '..': '${file}'`)
  let real: string
  let base: string
  try {
    base = realpathSync(configDir)
    real = realpathSync(join(configDir, file))
  } catch (err) {
    throw fail(`query_file '${file}' cannot be read: ${errorMessage(err)}`, 'paths are relative to the config file directory', err)
  }
  if (real !== base && !real.startsWith(base + sep)) throw fail(`query_file '${file}' resolves outside the config directory`, 'keep SQL files (and their symlink targets) inside the config directory')
  let text: string
  try {
    text = readFileSync(real, 'utf8')
  } catch (err) {
    throw fail(`query_file '${file}' cannot be read: ${errorMessage(err)}`, undefined, err)
  }
  const sub = substituteVars(text, params, env)
  const first = sub.problems[0]
  if (first !== undefined) {
    const lines = sub.problems.map((p) => `line ${p.line}: ${substitutionMessage(p)}`).join('; ')
    throw new RivetError(
      sub.problems.every((p) => p.kind === 'unset') ? 'RIVET_CONFIG_VAR_UNSET' : 'RIVET_CONFIG_INVALID',
      `export '${exportName}': query_file '${file}' ${lines}`,
      { hint: 'set the variable, or pass it with `--param NAME=value`' },
    )
  }
  return sub.text
}
