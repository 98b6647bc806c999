import { RivetError } from '../../errors/index.js'
import { COALESCED_CURSOR_COLUMN } from '../../plan/run-plan.js'
import type { Dialect } from '../dialect.js'
import { ordersByPosition, topLevelText } from './top-level.js'
import { EXACT_DOUBLE_DIGITS, type MssqlColumnMeta } from './type-map.js'

/**
 * Exact wide numerics (Q03). tedious turns DECIMAL/NUMERIC and MONEY into JavaScript doubles,
 * so values past 15 significant digits would be rounded. Before streaming, rivet describes
 * the statement (`sp_describe_first_result_set`) and, when such columns exist, selects them
 * as `CONVERT(varchar(48), …)` instead; the reader parses that text into the original
 * decimal type. Everything here is pure: the describe call lives in describe.ts.
 */

/** One row of `sp_describe_first_result_set` (hidden browse columns removed). */
export interface DescribedColumn {
  readonly name: string | null
  /** `sys.types.system_type_id`: 60 money, 106 decimal, 108 numeric, 122 smallmoney, … */
  readonly systemTypeId: number
  readonly precision: number
  readonly scale: number
}

const MONEY = 60
const DECIMAL = 106
const NUMERIC = 108

/** The statement to stream and the result positions that arrive as text for a numeric column. */
export interface ExactNumericPlan {
  readonly sql: string
  /** 0-based result ordinal → the column it stands for (original name and type, `asText`). */
  readonly textColumns: ReadonlyMap<number, MssqlColumnMeta>
  /** Result width the rewrite expects (checked against the executed statement). */
  readonly width: number
  /** Why some wide numerics are still delivered as doubles; undefined when none are. */
  readonly fallback: string | undefined
}

/** True for the columns the driver would round: DECIMAL/NUMERIC above 15 digits, MONEY. */
export function needsTextDelivery(c: DescribedColumn): boolean {
  if (c.systemTypeId === MONEY) return true
  return (c.systemTypeId === DECIMAL || c.systemTypeId === NUMERIC) && c.precision > EXACT_DOUBLE_DIGITS
}

/** The statement as streamed today, with the reason exact delivery is off (if it matters). */
export function passThrough(sql: string, fallback: string | undefined): ExactNumericPlan {
  return { sql, textColumns: new Map(), width: 0, fallback }
}

/**
 * How the outermost select list can be rewritten:
 * - `star`: `SELECT * FROM …` (table mode, incremental, keyset, chunk windows): `*` becomes a
 *   column list, every later clause (WHERE, ORDER BY, OFFSET … FETCH) stays as it is;
 * - `qualified`: `SELECT _rivet.*, <coalesced cursor> FROM …` (D08): `_rivet.*` becomes a list;
 * - `wrap`: anything else becomes a derived table, `[WITH …] SELECT <list> FROM (<body>) AS _rivet_q`
 *   (a leading CTE list stays in front, where T-SQL requires it).
 * A star statement whose top level has a set operator (the list would only change its first
 * branch) or an ORDER BY by position (it would then sort the text) is wrapped instead.
 */
type Shape =
  | { readonly kind: 'star'; readonly rest: string }
  | { readonly kind: 'qualified'; readonly qualifier: string; readonly rest: string }
  | { readonly kind: 'wrap'; readonly prefix: string; readonly body: string }

const STAR = /^\s*SELECT\s+\*\s+(?=FROM\b)/i
const QUALIFIED = /^\s*SELECT\s+(_rivet)\.\*\s*,\s*/i
const SET_OPERATOR = /\b(?:UNION|INTERSECT|EXCEPT)\b/i
const CTE = /^\s*;?\s*WITH\b/i
const WRAP_ALIAS = '_rivet_q'

function shapeOf(sql: string): Shape {
  const top = topLevelText(sql)
  const star = STAR.exec(top)
  if (star !== null && !SET_OPERATOR.test(top) && !ordersByPosition(top)) return { kind: 'star', rest: sql.slice(star[0].length) }
  const q = QUALIFIED.exec(sql)
  if (q !== null) return { kind: 'qualified', qualifier: q[1] as string, rest: sql.slice(q[0].length) }
  // Trailing whitespace and semicolons would end the statement inside the parentheses.
  const trimmed = sql.replace(/[\s;]+$/, '')
  const main = CTE.test(top) ? /\bSELECT\b/i.exec(top)?.index : undefined
  if (main === undefined) return { kind: 'wrap', prefix: '', body: trimmed }
  return { kind: 'wrap', prefix: trimmed.slice(0, main), body: trimmed.slice(main) }
}

/** `[WITH …] SELECT <list> FROM (<body>) AS _rivet_q`; the line breaks keep a trailing `--` comment inside. */
function wrapped(shape: Shape & { readonly kind: 'wrap' }, list: string): string {
  return `${shape.prefix}SELECT ${list} FROM (\n${shape.body}\n) AS ${WRAP_ALIAS}`
}

/**
 * The statement to describe: the streamed one itself for the star/qualified shapes, or the
 * derived-table wrapper, so that a statement which cannot be wrapped (a top-level ORDER BY
 * without TOP, unnamed or duplicate columns, a batch) fails the describe, not the export.
 */
export function describeTarget(sql: string): string {
  const shape = shapeOf(sql)
  return shape.kind === 'wrap' ? wrapped(shape, '*') : sql
}

/** Names usable as column references: all present and distinct (case-insensitively). */
function distinctNames(cols: readonly DescribedColumn[]): cols is readonly (DescribedColumn & { readonly name: string })[] {
  const seen = new Set<string>()
  for (const c of cols) {
    if (c.name === null || c.name === '') return false
    const k = c.name.toLowerCase()
    if (seen.has(k)) return false
    seen.add(k)
  }
  return true
}

/** The original column as the type map sees it, delivered as text. */
function textMeta(c: DescribedColumn & { readonly name: string }): MssqlColumnMeta {
  if (c.systemTypeId === MONEY) return { name: c.name, typeName: 'MoneyN', precision: 19, scale: 4, dataLength: 8, asText: true }
  return { name: c.name, typeName: c.systemTypeId === NUMERIC ? 'NumericN' : 'DecimalN', precision: c.precision, scale: c.scale, dataLength: 17, asText: true }
}

/**
 * Exact text of a wide numeric. `varchar(48)` holds 38 digits, sign, point and a leading zero.
 * MONEY goes through decimal(19,4): converting money straight to text keeps only 2 places.
 */
export function textExpression(ref: string, c: DescribedColumn): string {
  return c.systemTypeId === MONEY ? `CONVERT(varchar(48), CONVERT(decimal(19,4), ${ref}))` : `CONVERT(varchar(48), ${ref})`
}

/** Aliases that collide with no result column; the reader restores the original names. */
function aliasFor(i: number, taken: ReadonlySet<string>): string {
  let alias = `_rivet_exact_${i}`
  while (taken.has(alias.toLowerCase())) alias = `${alias}_`
  return alias
}

interface SelectList {
  readonly list: string
  readonly textColumns: Map<number, MssqlColumnMeta>
}

/**
 * `cols` as a select list with each wide numeric converted to text under a fresh alias. The
 * alias is never the column's own name: an unqualified `ORDER BY [c]` or `WHERE [c] > …`
 * later in the statement must still bind to the numeric column, not to its text.
 */
function selectList(d: Dialect, cols: readonly (DescribedColumn & { readonly name: string })[], qualifier: string | undefined, taken: ReadonlySet<string>): SelectList {
  const textColumns = new Map<number, MssqlColumnMeta>()
  const items = cols.map((c, i) => {
    const ref = qualifier === undefined ? d.quoteIdent(c.name) : `${qualifier}.${d.quoteIdent(c.name)}`
    if (!needsTextDelivery(c)) return ref
    textColumns.set(i, textMeta(c))
    return `${textExpression(ref, c)} AS ${d.quoteIdent(aliasFor(i, taken))}`
  })
  return { list: items.join(', '), textColumns }
}

/**
 * The streamed statement for `sql`, given the description of `describeTarget(sql)`. Without
 * wide numerics the statement is unchanged; when the shape does not allow a rewrite the wide
 * columns stay doubles and `fallback` says why.
 */
export function exactNumericPlan(d: Dialect, sql: string, described: readonly DescribedColumn[]): ExactNumericPlan {
  const wide = described.filter(needsTextDelivery)
  if (wide.length === 0) return passThrough(sql, undefined)
  const taken = new Set(described.map((c) => (c.name ?? '').toLowerCase()))
  const shape = shapeOf(sql)
  if (shape.kind === 'qualified') {
    // Only rivet's own D08 shape: `_rivet.*` followed by the one coalesced cursor column.
    const expansion = described.slice(0, -1)
    if (described.at(-1)?.name !== COALESCED_CURSOR_COLUMN || !distinctNames(expansion)) {
      return passThrough(sql, 'the statement shape is not one rivet can rewrite')
    }
    const s = selectList(d, expansion, shape.qualifier, taken)
    const uncovered = needsTextDelivery(described.at(-1) as DescribedColumn) ? 'the coalesced cursor column is computed in the statement' : undefined
    if (s.textColumns.size === 0) return passThrough(sql, uncovered)
    return { sql: `SELECT ${s.list}, ${shape.rest}`, textColumns: s.textColumns, width: described.length, fallback: uncovered }
  }
  if (!distinctNames(described)) return passThrough(sql, 'the result has unnamed or duplicate column names')
  if (shape.kind === 'star') {
    const s = selectList(d, described, undefined, taken)
    return { sql: `SELECT ${s.list} ${shape.rest}`, textColumns: s.textColumns, width: described.length, fallback: undefined }
  }
  const s = selectList(d, described, WRAP_ALIAS, taken)
  return { sql: wrapped(shape, s.list), textColumns: s.textColumns, width: described.length, fallback: undefined }
}

/**
 * The executed statement's column metadata with each text-delivered column put back as the
 * numeric column it stands for (name, type, precision, scale). A result that no longer
 * matches the description (the object changed in between) fails the export, transiently.
 */
export function restoreNumericColumns(metas: readonly MssqlColumnMeta[], plan: ExactNumericPlan): MssqlColumnMeta[] {
  if (plan.textColumns.size === 0) return [...metas]
  const changed = (what: string): RivetError =>
    new RivetError('RIVET_SOURCE_QUERY', `source: the result changed between describing and running the statement (${what})`, {
      retry: { kind: 'transient', reconnect: false, extraDelayMs: 0 },
      hint: 'a concurrent schema change can cause this; run the export again',
    })
  if (metas.length !== plan.width) throw changed(`${String(metas.length)} columns, ${String(plan.width)} described`)
  return metas.map((m, i) => {
    const original = plan.textColumns.get(i)
    if (original === undefined) return m
    if (m.typeName !== 'VarChar') throw changed(`column '${original.name}' arrived as ${m.typeName}`)
    return original
  })
}
