import type { SourceEngine } from '../plan/run-plan.js'

/**
 * Identifier quoting and literal escaping per engine — the one place SQL text is built
 * from names and values (D-section notation `q(x)`). An embedded quote is doubled, so a
 * column called `a"b` cannot break out of its identifier.
 */
export interface Dialect {
  readonly engine: SourceEngine
  quoteIdent(name: string): string
  /** A string literal, or a bound-parameter placeholder when the engine binds values. */
  readonly bindsCursor: boolean
  quoteLiteral(value: string): string
  placeholder(index: number): string
}

const postgres: Dialect = {
  engine: 'postgres',
  quoteIdent: (n) => `"${n.replaceAll('"', '""')}"`,
  bindsCursor: false,
  // E'…' with backslashes and quotes escaped: safe whatever standard_conforming_strings is.
  quoteLiteral: (v) => `E'${v.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`,
  placeholder: (i) => `$${i + 1}`,
}

const mysql: Dialect = {
  engine: 'mysql',
  quoteIdent: (n) => `\`${n.replaceAll('`', '``')}\``,
  bindsCursor: true,
  quoteLiteral: (v) => `'${v.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`,
  placeholder: () => '?',
}

const mssql: Dialect = {
  engine: 'mssql',
  quoteIdent: (n) => `[${n.replaceAll(']', ']]')}]`,
  bindsCursor: false,
  quoteLiteral: (v) => `N'${v.replaceAll("'", "''")}'`,
  placeholder: (i) => `@p${i}`,
}

export function dialectFor(engine: SourceEngine): Dialect {
  switch (engine) {
    case 'postgres':
      return postgres
    case 'mysql':
      return mysql
    case 'mssql':
      return mssql
  }
}
