import type { SourceTuning } from '../../plan/run-plan.js'

/**
 * The statements that open an export transaction (D03). Session settings are `SET LOCAL`
 * so they vanish with the transaction, and fixed formatting settings make the text
 * protocol output parseable regardless of server or role defaults.
 */
export function beginExportSql(tuning: SourceTuning): string {
  const parts = ['BEGIN READ ONLY']
  if (tuning.statementTimeoutS > 0) parts.push(`SET LOCAL statement_timeout = '${tuning.statementTimeoutS}s'`)
  if (tuning.lockTimeoutS > 0) parts.push(`SET LOCAL lock_timeout = '${tuning.lockTimeoutS}s'`)
  parts.push(
    "SET LOCAL TimeZone = 'UTC'",
    "SET LOCAL DateStyle = 'ISO, YMD'",
    "SET LOCAL IntervalStyle = 'iso_8601'",
    'SET LOCAL extra_float_digits = 3',
    "SET LOCAL bytea_output = 'hex'",
    'SHOW work_mem',
  )
  return parts.join('; ')
}

export const CURSOR_NAME = '_rivet'

export function declareCursorSql(query: string): string {
  return `DECLARE ${CURSOR_NAME} NO SCROLL CURSOR FOR ${query}`
}

export function fetchSql(rows: number): string {
  return `FETCH ${rows} FROM ${CURSOR_NAME}`
}

/** `SHOW work_mem` text (`4MB`, `64kB`, `1GB`, `1024`) → bytes; default 4 MiB when unparseable. */
export function parseWorkMem(text: string | undefined): number {
  const m = /^\s*(\d+)\s*(kB|MB|GB|TB|B)?\s*$/i.exec(text ?? '')
  if (m === null) return 4 * 1024 * 1024
  const n = Number(m[1])
  switch ((m[2] ?? 'kB').toLowerCase()) {
    case 'b':
      return n
    case 'kb':
      return n * 1024
    case 'mb':
      return n * 1024 ** 2
    case 'gb':
      return n * 1024 ** 3
    default:
      return n * 1024 ** 4
  }
}
