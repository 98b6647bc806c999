import { redactSecrets, sanitizeTerminal } from '../../redact/index.js'

/** A left-aligned text table with a header row; cells are sanitised (A08). */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)]
  return sanitizeTerminal(redactSecrets(out.join('\n'))) + '\n'
}
