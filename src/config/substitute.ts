/** One `${NAME}` that could not be substituted. */
export interface SubstitutionProblem {
  readonly kind: 'unset' | 'nul'
  readonly name: string
  /** 1-based line of the placeholder in the input. */
  readonly line: number
}

export interface SubstitutionResult {
  readonly text: string
  readonly problems: readonly SubstitutionProblem[]
}

/**
 * C02: replaces each `${NAME}` with the `--param NAME=` value, else the environment variable.
 * `${}` becomes empty; substituted values are not rescanned. Every unset name and every value
 * containing NUL is reported (the text is then unusable).
 */
export function substituteVars(
  input: string,
  params: ReadonlyMap<string, string>,
  env: NodeJS.ProcessEnv,
): SubstitutionResult {
  const problems: SubstitutionProblem[] = []
  let out = ''
  let from = 0
  for (;;) {
    const start = input.indexOf('${', from)
    if (start < 0) break
    const end = input.indexOf('}', start + 2)
    if (end < 0) break
    const name = input.slice(start + 2, end)
    const value = name === '' ? '' : (params.get(name) ?? env[name])
    const line = lineOf(input, start)
    if (value === undefined) problems.push({ kind: 'unset', name, line })
    else if (value.includes('\0')) problems.push({ kind: 'nul', name, line })
    out += input.slice(from, start) + (value ?? '')
    from = end + 1
  }
  return { text: out + input.slice(from), problems }
}

/** B02: params never referenced by a `${KEY}` placeholder in any of the texts, sorted. */
export function unusedParams(params: ReadonlyMap<string, string>, texts: readonly string[]): string[] {
  return [...params.keys()].filter((k) => !texts.some((t) => t.includes(`\${${k}}`))).sort()
}

export function unusedParamWarning(key: string): string {
  return `--param '${key}' was not referenced by any \`\${${key}}\` placeholder in the config — check the parameter name (case-sensitive) or remove the unused --param`
}

export function substitutionMessage(p: SubstitutionProblem): string {
  return p.kind === 'unset'
    ? `environment variable '${p.name}' referenced in config is not set (a missing secret would silently become an empty string — refusing)`
    : `value for '\${${p.name}}' contains a NUL byte; refusing to substitute it (check the parameter/environment source)`
}

function lineOf(text: string, index: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++
  return line
}
