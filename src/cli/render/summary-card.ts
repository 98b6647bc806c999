import { fullMessage } from '../render-error.js'
import type { ExportResult } from '../../pipeline/export-result.js'
import { redactSecrets, sanitizeTerminal } from '../../redact/index.js'
import { fmtBytes, fmtDuration, fmtThousands } from './format-units.js'

const HEADER_WIDTH = 60

/** The per-export summary block printed on stderr at the end of a run (L01). */
export function summaryCard(r: ExportResult): string {
  const rows: [string, string][] = [
    ['run_id', r.runId],
    ['status', r.skipReason === undefined ? r.status : `${r.status} (${r.skipReason})`],
    ['tuning', `profile=${r.tuningProfile}, batch_size=${fmtThousands(r.batchSize)}`],
    ['rows', fmtThousands(r.rows)],
    ['files', fmtThousands(r.files.length)],
  ]
  if (r.files.length > 0) rows.push(['output', r.outputUri])
  if (r.bytes > 0) rows.push(['bytes', fmtBytes(r.bytes)])
  rows.push(['duration', fmtDuration(r.durationMs)])
  if (r.peakRssMb > 0) rows.push(['peak RSS', `${fmtThousands(r.peakRssMb)} MB`])
  if (r.format === 'parquet' && r.compression !== 'zstd') rows.push(['compression', r.compression])
  if (r.retries > 0) rows.push(['retries', String(r.retries)])
  if (r.validated !== undefined) rows.push(['validated', r.validated ? 'pass' : 'FAIL'])
  if (r.schemaChanged !== undefined) rows.push(['schema', r.schemaChanged ? 'CHANGED' : 'unchanged'])
  if (r.reportPath !== undefined) rows.push(['report', r.reportPath])
  if (r.error !== undefined) rows.push(['error', fullMessage(r.error)])
  const width = Math.max(...rows.map(([k]) => k.length)) + 1
  const title = `── ${r.exportName} `
  const lines = [title + '─'.repeat(Math.max(3, HEADER_WIDTH - title.length))]
  for (const [k, v] of rows) lines.push(`  ${`${k}:`.padEnd(width + 1)} ${v.replaceAll('\n', '\n' + ' '.repeat(width + 4))}`)
  return sanitizeTerminal(redactSecrets(lines.join('\n'))) + '\n'
}

/** One line per export for multi-export runs. */
export function compactLine(r: ExportResult, nameWidth: number): string {
  const icon = r.status === 'success' ? '✓' : r.status === 'failed' ? '✗' : '•'
  const body =
    r.status === 'failed'
      ? fullMessage(r.error).split('\n')[0] ?? ''
      : `${fmtThousands(r.rows)} rows  ${fmtThousands(r.files.length)} files  ${fmtBytes(r.bytes)}  ${fmtDuration(r.durationMs)}`
  return sanitizeTerminal(redactSecrets(`${icon} ${r.exportName.padEnd(nameWidth)} ${r.mode.padEnd(11)} ${body}`)) + '\n'
}
