// The rivet.yaml each rivet run uses (docs/reference/config.md). One export named `bench`,
// written to ./out under the run's own directory.

/**
 * opts: { engine: 'postgres' | 'mysql', url, table, format, profile?: 'fast' | undefined (defaults),
 *         chunked?: { column, parallel } }
 */
export function rivetYaml(opts) {
  const lines = ['source:', `  type: ${opts.engine}`, `  url: ${JSON.stringify(opts.url)}`]
  if (opts.profile !== undefined) lines.push(`  tuning: { profile: ${opts.profile} }`)
  lines.push('exports:', '  - name: bench', `    table: ${opts.table}`, `    format: ${opts.format}`)
  if (opts.chunked !== undefined) {
    lines.push('    mode: chunked', `    chunk_column: ${opts.chunked.column}`, `    parallel: ${opts.chunked.parallel}`)
  }
  lines.push('    destination: { type: local, path: ./out }', '')
  return lines.join('\n')
}
