/**
 * Rewrites the `?` placeholders of dialect-neutral state SQL to PostgreSQL's `$1, $2, …`
 * (Rust `pg_sql()`). A `?` inside a string literal, a quoted identifier or a comment is
 * left alone, so the rewrite never changes what the statement means.
 */
export function toPgPlaceholders(sql: string): string {
  let out = ''
  let n = 0
  let i = 0
  while (i < sql.length) {
    const ch = sql[i] ?? ''
    if (ch === "'" || ch === '"') {
      const end = closingQuote(sql, i, ch)
      out += sql.slice(i, end)
      i = end
    } else if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i)
      const end = nl < 0 ? sql.length : nl
      out += sql.slice(i, end)
      i = end
    } else if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2)
      const end = close < 0 ? sql.length : close + 2
      out += sql.slice(i, end)
      i = end
    } else if (ch === '?') {
      n += 1
      out += `$${n}`
      i += 1
    } else {
      out += ch
      i += 1
    }
  }
  return out
}

/** Index just past the quote that closes the one at `start` (a doubled quote escapes). */
function closingQuote(sql: string, start: number, quote: string): number {
  let i = start + 1
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2
      else return i + 1
    } else {
      i += 1
    }
  }
  return sql.length
}
