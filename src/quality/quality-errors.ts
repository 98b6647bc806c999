import { RivetError } from '../errors/index.js'

/**
 * The quality-gate failure (N02, exit 3). One wording for every gate so single-file and
 * chunked runs cannot drift: `export 'x': N quality check(s) failed[ (context)]:` and one
 * `  - …` line per failed check. `context` tags a partial gate, e.g. `chunked aggregate`.
 */
export function qualityGateError(exportName: string, failures: readonly string[], context?: string): RivetError {
  const tag = context === undefined ? '' : ` (${context})`
  const lines = failures.map((f) => `\n  - ${f}`).join('')
  return new RivetError('RIVET_QUALITY_GATE', `export '${exportName}': ${failures.length} quality check(s) failed${tag}:${lines}`, {
    hint: 'Fix the source data, or adjust the thresholds under `quality:` in your config.',
    details: { export: exportName, failures: [...failures] },
  })
}

/** A quality rule names a column the export does not produce: it could never evaluate (N02). */
export function qualityColumnsError(missing: readonly string[], available: readonly string[]): RivetError {
  const have = available.length === 0 ? '<none>' : available.join(', ')
  return new RivetError('RIVET_CONFIG_INVALID', `quality check references column(s) not produced by the export: ${missing.join(', ')}`, {
    hint: `fix the column name(s) under \`quality.null_ratio_max\` / \`quality.unique_columns\`, or add them to the query (available columns: ${have})`,
    details: { missing: [...missing], available: [...available] },
  })
}
