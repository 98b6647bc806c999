/** True when 1-based `line` of `text` is indented with a TAB (C01). */
export function lineHasLeadingTab(text: string, line: number): boolean {
  return /^[ ]*\t/.test(text.split(/\r?\n/)[line - 1] ?? '')
}

export function tabHint(line: number): string {
  return `line ${line} is indented with a TAB — YAML forbids tabs for indentation. Replace the tab(s) with spaces.`
}

export const UNQUOTED_TEMPLATE_HINT =
  'a YAML value containing { } (such as {partition} or {date}) must be quoted, e.g. prefix: "exports/{partition}/"'

/** 1-based lines whose value starts an unquoted `{…}` (not `${…}`), e.g. `prefix: {partition}/x`. */
export function unquotedBraceLines(text: string): number[] {
  const hits: number[] = []
  text.split(/\r?\n/).forEach((line, i) => {
    if (lineHasUnquotedBraceValue(line)) hits.push(i + 1)
  })
  return hits
}

function lineHasUnquotedBraceValue(line: string): boolean {
  if (line.trimStart().startsWith('#')) return false
  const sep = /:(\s|$)/.exec(line)
  if (sep === null) return false
  const value = line.slice(sep.index + 1).trimStart()
  if (value === '' || value.startsWith('#')) return false
  let single = false
  let double = false
  for (let j = 0; j < value.length; j++) {
    const c = value[j]
    if (c === "'" && !double) single = !single
    else if (c === '"' && !single) double = !double
    else if (c === '{' && !single && !double && value[j - 1] !== '$') return true
  }
  return false
}
