/**
 * T-SQL text with everything below the outermost level blanked to spaces: string literals,
 * bracketed and double-quoted identifiers, comments (block comments nest in T-SQL) and text
 * inside parentheses. Positions are kept, so an index into the result is an index into `sql`.
 * Enough to find top-level keywords; not a parser.
 */
export function topLevelText(sql: string): string {
  const out = sql.split('')
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to && k < out.length; k++) out[k] = ' '
  }
  /** End (exclusive) of a quoted run opened at `i`, where a doubled `close` is an escape. */
  const quoted = (i: number, close: string): number => {
    let j = i + 1
    for (;;) {
      const at = sql.indexOf(close, j)
      if (at < 0) return sql.length
      if (sql[at + 1] !== close) return at + 1
      j = at + 2
    }
  }
  const blockComment = (i: number): number => {
    let nest = 0
    let j = i
    while (j < sql.length) {
      if (sql.startsWith('/*', j)) {
        nest++
        j += 2
      } else if (sql.startsWith('*/', j)) {
        nest--
        j += 2
        if (nest === 0) return j
      } else j++
    }
    return sql.length
  }
  let depth = 0
  let i = 0
  while (i < sql.length) {
    const c = sql[i]
    let end: number | undefined
    if (sql.startsWith('--', i)) {
      const nl = sql.indexOf('\n', i)
      end = nl < 0 ? sql.length : nl
    } else if (sql.startsWith('/*', i)) end = blockComment(i)
    else if (c === "'") end = quoted(i, "'")
    else if (c === '[') end = quoted(i, ']')
    else if (c === '"') end = quoted(i, '"')
    if (end !== undefined) {
      blank(i, end)
      i = end
      continue
    }
    if (c === '(') depth++
    if (depth > 0) out[i] = ' '
    if (c === ')') depth = Math.max(0, depth - 1)
    i++
  }
  return out.join('')
}

/** True when the top-level ORDER BY names a select-list position (`ORDER BY 2`, `ORDER BY a, 1 DESC`). */
export function ordersByPosition(top: string): boolean {
  const m = /\bORDER\s+BY\b/i.exec(top)
  if (m === null) return false
  const clause = top.slice(m.index + m[0].length).split(/\b(?:OFFSET|OPTION|FOR)\b/i)[0] ?? ''
  return clause.split(',').some((item) => /^\s*\d/.test(item))
}
