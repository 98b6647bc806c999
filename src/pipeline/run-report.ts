import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ResolvedRunPlan } from '../plan/run-plan.js'
import { redactDeep, redactSecrets } from '../redact/index.js'
import type { ExportResult } from './export-result.js'

/**
 * Per-run report files (L03): `<config dir>/.rivet/runs/<run_id>/summary.json` and
 * `summary.md`. Redacted; never fatal to the run (a report failure is logged by the caller).
 */
export function summaryJson(plan: ResolvedRunPlan, r: ExportResult): Record<string, unknown> {
  return redactDeep({
    run_id: r.runId,
    export_name: r.exportName,
    status: r.status,
    started_at: r.startedAt.toISOString(),
    finished_at: r.finishedAt.toISOString(),
    duration_ms: r.durationMs,
    source_engine: plan.source.engine,
    destination_kind: plan.destination.type,
    format: r.format,
    compression: r.compression,
    tuning_profile: r.tuningProfile,
    batch_size: r.batchSize,
    total_rows: r.rows,
    files_produced: r.files.length,
    bytes_written: r.bytes,
    peak_rss_mb: r.peakRssMb,
    retries: r.retries,
    schema_changed: r.schemaChanged ?? false,
    error_message: r.error === undefined ? null : r.error.message,
    resumable: plan.strategy.kind === 'chunked' && plan.strategy.chunked.checkpoint,
    resume_command: `rivet run --config ${plan.configPath} --resume`,
    files: r.files.map((f) => ({ file: f.fileName, rows: f.rows, bytes: f.bytes, content_fingerprint: f.fingerprint })),
  })
}

export async function writeRunReport(plan: ResolvedRunPlan, r: ExportResult): Promise<string> {
  const dir = join(plan.configDir, '.rivet', 'runs', r.runId)
  await mkdir(dir, { recursive: true })
  const json = summaryJson(plan, r)
  await writeFile(join(dir, 'summary.json'), JSON.stringify(json, null, 2) + '\n')
  const md = [
    `# rivet run ${r.runId}`,
    '',
    `- export: \`${r.exportName}\``,
    `- status: **${r.status}**${r.skipReason === undefined ? '' : ` (${r.skipReason})`}`,
    `- rows: ${r.rows}, files: ${r.files.length}, bytes: ${r.bytes}`,
    `- duration: ${r.durationMs} ms, peak RSS: ${r.peakRssMb} MB`,
    ...(r.error === undefined ? [] : ['', '```', redactSecrets(String(json.error_message)), '```']),
    '',
  ].join('\n')
  await writeFile(join(dir, 'summary.md'), md)
  return join(dir, 'summary.json')
}
