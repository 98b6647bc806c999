import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { parseDocument } from 'yaml'
import { RivetError, errorMessage } from '../errors/index.js'
import { configError, issuesToProblems, type ConfigProblem } from './problems.js'
import { hasParentComponent, isAbsolutePath } from './rules/path-safety.js'
import { urlHasPassword } from './rules/source-rules.js'
import { RivetConfig } from './schema/root.js'
import { substituteVars, substitutionMessage, unusedParamWarning, unusedParams } from './substitute.js'
import { UNQUOTED_TEMPLATE_HINT, lineHasLeadingTab, tabHint, unquotedBraceLines } from './yaml-lints.js'

/** A validated config file. Loading reads files and never writes anything. */
export interface LoadedConfig {
  /** Absolute path of the config file. */
  readonly path: string
  /** Its directory: `query_file` base, state DB and `.rivet/runs` location (C05). */
  readonly dir: string
  /** Validated, with zod defaults applied. */
  readonly config: RivetConfig
  /** WARN lines for the caller to log (unused `--param`, plaintext secrets, …). */
  readonly warnings: string[]
  /** The `--param` values, kept for `query_file` substitution at plan time. */
  readonly params: ReadonlyMap<string, string>
}

export interface LoadConfigOptions {
  readonly params?: ReadonlyMap<string, string>
  readonly env?: NodeJS.ProcessEnv
}

/**
 * Reads, substitutes (C02), parses and validates a config file. Every problem found is reported
 * in one RivetError (RIVET_CONFIG_INVALID, or a precise RIVET_CONFIG_* code when all problems
 * share one), each prefixed with its YAML path.
 */
export async function loadConfig(path: string, opts: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const params = opts.params ?? new Map<string, string>()
  const env = opts.env ?? process.env
  const abs = resolve(path)
  const raw = await readConfigText(path, abs)

  const sub = substituteVars(raw, params, env)
  if (sub.problems.length > 0) {
    throw configError(
      path,
      sub.problems.map((p) => ({
        path: `line ${p.line}`,
        message: substitutionMessage(p),
        hint: p.kind === 'unset' ? `set it (\`export ${p.name}=…\`) or pass \`--param ${p.name}=…\`` : 'remove the NUL byte from the value',
        ...(p.kind === 'unset' ? { code: 'RIVET_CONFIG_VAR_UNSET' as const } : {}),
      })),
    )
  }

  const data = parseYaml(path, sub.text)
  const braceLines = unquotedBraceLines(sub.text)
  const parsed = RivetConfig.safeParse(data, { reportInput: true })
  const problems: ConfigProblem[] = parsed.success ? [] : issuesToProblems(parsed.error.issues, braceLines)
  problems.push(...credentialFileProblems(data))
  if (problems.length > 0) throw configError(path, problems)
  if (!parsed.success) throw configError(path, [{ path: '(root)', message: 'invalid config' }])

  const config = parsed.data
  const dir = dirname(abs)
  const warnings = [...secretWarnings(config), ...(await paramWarnings(raw, config, dir, params))]
  return { path: abs, dir, config, warnings, params }
}

async function readConfigText(shown: string, abs: string): Promise<string> {
  try {
    return await readFile(abs, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') {
      throw new RivetError('RIVET_CONFIG_NOT_FOUND', `config file '${shown}' not found`, {
        hint: 'check the path, or run `rivet init` to generate one',
        details: { file: abs },
        cause: err,
      })
    }
    throw new RivetError('RIVET_CONFIG_UNREADABLE', `cannot read config file '${shown}': ${errorMessage(err)}`, { details: { file: abs }, cause: err })
  }
}

function parseYaml(shown: string, text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
  if (doc.errors.length === 0) {
    const data: unknown = doc.toJS()
    if (data === null || data === undefined) {
      throw configError(shown, [{ path: '(root)', message: 'the config file is empty', hint: 'run `rivet init` to generate one' }])
    }
    return data
  }
  // Only the first YAML error: the rest are usually its cascade.
  const first = doc.errors[0]
  const pos = first?.linePos?.[0]
  const detail = (first?.message.split('\n')[0] ?? 'invalid YAML').replace(/ at line \d+, column \d+:?$/, '')
  // Blame tabs only when the parser did (or its first error sits on a tab-indented line).
  const tabPos = doc.errors.find((e) => e.code === 'TAB_AS_INDENT')?.linePos?.[0]
  const tabLine = tabPos?.line ?? (pos !== undefined && lineHasLeadingTab(text, pos.line) ? pos.line : undefined)
  const braces = unquotedBraceLines(text)
  const problem: ConfigProblem =
    tabLine !== undefined
      ? { path: `line ${tabLine}`, message: `YAML syntax error: ${tabHint(tabLine)}`, hint: 'YAML forbids tabs for indentation; indent with spaces', code: 'RIVET_CONFIG_YAML' }
      : {
          path: pos === undefined ? '(yaml)' : `line ${pos.line}, column ${pos.col}`,
          message: `YAML syntax error: ${detail}`,
          hint: braces.length > 0 ? `${UNQUOTED_TEMPLATE_HINT} (line ${braces.join(', ')})` : 'check the indentation and quoting near the reported line',
          code: 'RIVET_CONFIG_YAML',
        }
  throw configError(shown, [problem])
}

/** C31: `credentials_file` must exist at load time (relative to the working directory, as upstream). */
function credentialFileProblems(data: unknown): ConfigProblem[] {
  const exportsList = (data as { exports?: unknown } | null)?.exports
  if (!Array.isArray(exportsList)) return []
  const out: ConfigProblem[] = []
  exportsList.forEach((e: unknown, i) => {
    const file = (e as { destination?: { credentials_file?: unknown } } | null)?.destination?.credentials_file
    if (typeof file === 'string' && file !== '' && !existsSync(resolve(file))) {
      out.push({ path: `exports[${i}].destination.credentials_file`, message: `credentials_file '${file}' does not exist`, hint: 'fix the path (relative paths resolve against the working directory)' })
    }
  })
  return out
}

function secretWarnings(config: RivetConfig): string[] {
  const out: string[] = []
  if (config.source.password !== undefined) out.push('source config contains plaintext password -- consider using password_env')
  if (config.source.url !== undefined && urlHasPassword(config.source.url)) {
    out.push('source: inline `url:` in YAML contains a plaintext password — move it to `url_env: DATABASE_URL` (or `url_file:`) to keep credentials out of committed configs')
  }
  const slack = config.notifications?.slack
  if (slack !== undefined && slack.webhook_url === undefined && slack.webhook_url_env === undefined) {
    out.push('notifications.slack: no webhook_url or webhook_url_env configured — Slack notifications will be skipped')
  }
  return out
}

/** B02: unused `--param` keys, looking in the config text and every safe, readable `query_file`. */
async function paramWarnings(raw: string, config: RivetConfig, dir: string, params: ReadonlyMap<string, string>): Promise<string[]> {
  if (params.size === 0) return []
  const texts = [raw]
  for (const e of config.exports) {
    const file = e.query_file
    if (file === undefined || isAbsolutePath(file) || hasParentComponent(file)) continue
    try {
      texts.push(await readFile(join(dir, file), 'utf8'))
    } catch {
      // An unreadable query_file fails later, at plan time, with its own error; here it only
      // means its placeholders cannot count as references.
    }
  }
  return unusedParams(params, texts).map(unusedParamWarning)
}
