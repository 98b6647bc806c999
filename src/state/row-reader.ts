import { RivetError } from '../errors/index.js'

/**
 * Reads one driver row (`unknown`) field by field with explicit checks. SQLite hands
 * back numbers; node-postgres hands back BIGINT/COUNT as strings and BOOLEAN as
 * booleans, so the numeric and boolean readers accept every shape a backend produces.
 */
export class RowReader {
  readonly #row: Readonly<Record<string, unknown>>
  readonly #table: string

  constructor(row: unknown, table: string) {
    if (row === null || typeof row !== 'object') {
      throw new RivetError('RIVET_STATE_READ', `state: ${table}: expected a row object, got ${typeof row}`)
    }
    this.#row = row as Readonly<Record<string, unknown>>
    this.#table = table
  }

  str(col: string): string {
    const v = this.#row[col]
    if (typeof v === 'string') return v
    throw this.#bad(col, 'text')
  }

  strOrNull(col: string): string | null {
    const v = this.#row[col]
    return v === null || v === undefined ? null : this.str(col)
  }

  /** A text column restricted to known values (statuses). */
  oneOf<const V extends string>(col: string, values: readonly V[]): V {
    const v = this.str(col)
    if ((values as readonly string[]).includes(v)) return v as V
    throw this.#bad(col, values.join(' | '))
  }

  int(col: string): number {
    const v = this.#row[col]
    if (typeof v === 'number' && Number.isFinite(v)) return v
    if (typeof v === 'bigint') return Number(v)
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v)
    throw this.#bad(col, 'integer')
  }

  intOrNull(col: string): number | null {
    const v = this.#row[col]
    return v === null || v === undefined ? null : this.int(col)
  }

  /** 0/1 integers (SQLite) or native booleans (PostgreSQL BOOLEAN). */
  boolOrNull(col: string): boolean | null {
    const v = this.#row[col]
    if (v === null || v === undefined) return null
    if (typeof v === 'boolean') return v
    return this.int(col) !== 0
  }

  #bad(col: string, want: string): RivetError {
    const got = this.#row[col]
    const shown = typeof got === 'string' ? `'${got}'` : got === null ? 'null' : typeof got
    return new RivetError(
      'RIVET_STATE_READ',
      `state: ${this.#table}.${col}: expected ${want}, got ${shown}`,
      { hint: 'the state database may have been edited by hand; see docs/state.md for reset advice' },
    )
  }
}

/** Stores a boolean as the 0/1 integer both backends accept. */
export function boolParam(v: boolean | null): number | null {
  return v === null ? null : v ? 1 : 0
}
