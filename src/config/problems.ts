import type { z } from 'zod'
import { RivetError, type RivetCode } from '../errors/index.js'
import { knownKeysAt } from './known-keys.js'
import { RivetConfig } from './schema/root.js'
import { MISPLACEABLE_TUNING_KEYS } from './schema/tuning.js'
import { closestMatch } from './suggest.js'
import { UNQUOTED_TEMPLATE_HINT } from './yaml-lints.js'

/** One problem in a config file, located by its YAML path (`exports[2].mode`). */
export interface ConfigProblem {
  readonly path: string
  readonly message: string
  readonly hint?: string
  /** A more precise code than RIVET_CONFIG_INVALID for this kind of problem. */
  readonly code?: RivetCode
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else out += out === '' ? String(seg) : `.${String(seg)}`
  }
  return out === '' ? '(root)' : out
}

const MISSING_HINTS: Readonly<Record<string, string>> = {
  source: 'every config needs a `source:` block (type + url/url_env). Run `rivet init` to scaffold one.',
  exports: 'every config needs an `exports:` list with at least one export. Run `rivet init` to scaffold one.',
  name: 'each export needs a `name:` (used in output filenames and state keys).',
  format: 'add `format: parquet` (or `csv`).',
  destination: 'add a `destination:` block, e.g. `destination: { type: local, path: ./output }`.',
  type: 'add `type:` — see `rivet schema config` for the allowed values.',
}

/** Turns zod issues into problems; `braceLines` are lines with an unquoted `{…}` value. */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[], braceLines: readonly number[]): ConfigProblem[] {
  const out: ConfigProblem[] = []
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') out.push(...unknownKeyProblems(issue.path, issue.keys))
    else out.push(issueProblem(issue, braceLines))
  }
  return out
}

function unknownKeyProblems(path: readonly PropertyKey[], keys: readonly string[]): ConfigProblem[] {
  const out: ConfigProblem[] = []
  const atSource = path.length === 1 && path[0] === 'source'
  const atExport = path.length === 2 && path[0] === 'exports' && typeof path[1] === 'number'
  const misplaced = atSource || atExport ? keys.filter((k) => MISPLACEABLE_TUNING_KEYS.includes(k)) : []
  if (misplaced.length > 0) {
    const where = atSource ? "'source.tuning:', not directly under 'source:'" : "'exports[].tuning:', not directly in the export"
    out.push({
      path: formatPath(path),
      message: `field(s) [${misplaced.join(', ')}] belong under ${where}`,
      hint: `move them into a \`tuning:\` block, e.g. ${atSource ? '`source: { tuning: { ' : '`tuning: { '}${misplaced[0] ?? ''}: <value> }${atSource ? ' }' : ''}\``,
    })
  }
  const known = knownKeysAt(RivetConfig, path)
  for (const key of keys.filter((k) => !misplaced.includes(k))) {
    const guess = closestMatch(key, known)
    out.push({
      path: formatPath([...path, key]),
      message: `unknown field \`${key}\`${guess === undefined ? '' : `. Did you mean \`${guess}\`?`}`,
      hint: `valid keys here: ${known.join(', ')}`,
    })
  }
  return out
}

function issueProblem(issue: z.core.$ZodIssue, braceLines: readonly number[]): ConfigProblem {
  const path = formatPath(issue.path)
  const last = issue.path.at(-1)
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return missing(path, last)
      const got = describe(issue.input)
      const brace = got === 'a mapping' && braceLines.length > 0
      return {
        path,
        message: `expected ${expectedLabel(issue.expected)}, got ${got}${brace ? ` (an unquoted { } value on line ${braceLines.join(', ')})` : ''}`,
        ...(brace ? { hint: UNQUOTED_TEMPLATE_HINT } : {}),
      }
    }
    case 'invalid_value': {
      if (issue.input === undefined) return missing(path, last)
      const allowed = issue.values.map(String)
      const input = typeof issue.input === 'string' ? issue.input : undefined
      const guess = input === undefined ? undefined : closestMatch(input, allowed)
      return {
        path,
        message: `invalid value ${input === undefined ? describe(issue.input) : `'${input}'`}: expected one of ${allowed.join(', ')}${guess === undefined ? '' : `. Did you mean \`${guess}\`?`}`,
      }
    }
    case 'too_small':
      if (issue.origin === 'array' && path === 'exports') return { path, message: 'at least one export must be defined (got empty list)', hint: MISSING_HINTS.exports ?? '' }
      if (issue.origin === 'string') return { path, message: 'must not be empty' }
      return { path, message: `must be ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}, got ${describe(issue.input)}` }
    case 'too_big':
      return { path, message: `must be ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}, got ${describe(issue.input)}` }
    case 'invalid_union':
      return { path, message: `has an invalid value (${describe(issue.input)})`, hint: 'see `rivet schema config` for the accepted forms' }
    case 'custom': {
      const hint = (issue.params as { hint?: unknown } | undefined)?.hint
      return { path, message: issue.message, ...(typeof hint === 'string' ? { hint } : {}) }
    }
    default:
      return { path, message: issue.message }
  }
}

function missing(path: string, last: PropertyKey | undefined): ConfigProblem {
  const key = typeof last === 'string' ? last : path
  return { path, message: `missing required field \`${key}\``, hint: MISSING_HINTS[key] ?? 'see `rivet schema config` for the full schema' }
}

function expectedLabel(expected: string): string {
  if (expected === 'int') return 'an integer'
  if (expected === 'object') return 'a mapping'
  if (expected === 'array') return 'a list'
  return `a ${expected}`
}

/** A value's kind for messages; never echoes the value itself (it may be a secret). */
function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : `a fraction (${String(value)})`
  if (typeof value === 'string') return 'a string'
  return `a ${typeof value}`
}

/**
 * One error for every problem (AA.3). The code is the problems' shared precise code when they
 * all have one, else RIVET_CONFIG_INVALID.
 */
export function configError(file: string, problems: readonly ConfigProblem[], cause?: unknown): RivetError {
  const codes = new Set(problems.map((p) => p.code ?? 'RIVET_CONFIG_INVALID'))
  const code: RivetCode = codes.size === 1 ? ([...codes][0] ?? 'RIVET_CONFIG_INVALID') : 'RIVET_CONFIG_INVALID'
  const lines = problems.map((p) => `${p.path}: ${p.message}`)
  const message =
    problems.length === 1
      ? `config file '${file}': ${lines[0] ?? ''}`
      : `config file '${file}' has ${problems.length} problems:\n  - ${lines.join('\n  - ')}`
  const hints = [...new Set(problems.map((p) => p.hint).filter((h): h is string => h !== undefined))]
  const hint =
    problems.length === 1
      ? (hints[0] ?? 'see `rivet schema config` for every key and its allowed values')
      : `fix every problem listed${hints.length > 0 ? ` (${hints.slice(0, 3).join('; ')})` : ''}; \`rivet schema config\` prints the JSON Schema for editor validation`
  return new RivetError(code, message, {
    hint,
    details: { file, problems: problems.map((p) => ({ path: p.path, message: p.message })) },
    ...(cause === undefined ? {} : { cause }),
  })
}
