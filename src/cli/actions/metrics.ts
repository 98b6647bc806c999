import type { CliContext } from '../context.js'
import { renderTable } from '../render/table.js'
import { fmtBytes, fmtDuration, fmtThousands } from '../render/format-units.js'
import { openConfigState } from './config-context.js'
import type { MetricsOpts } from '../commands/metrics.js'

/** `rivet metrics` (B18, AA.4). */
export async function metrics(ctx: CliContext, o: MetricsOpts): Promise<void> {
  const { state } = await openConfigState(ctx, o.config)
  try {
    const limit = Math.max(1, Number.parseInt(o.limit, 10) || 20)
    const rows = await state.metrics.recent({ ...(o.export === undefined ? {} : { exportName: o.export }), limit })
    if (o.json === true) {
      const out = rows.map((m) => ({
        run_id: m.runId,
        export_name: m.exportName,
        run_at: m.runAt,
        status: m.status,
        mode: m.mode,
        total_rows: m.totalRows,
        duration_ms: m.durationMs,
        peak_rss_mb: m.peakRssMb,
        files_produced: m.filesProduced,
        bytes_written: m.bytesWritten,
        retries: m.retries,
        validated: m.validated,
        schema_changed: m.schemaChanged,
        tuning_profile: m.tuningProfile,
        format: m.format,
        error_message: m.errorMessage,
      }))
      ctx.io.out(JSON.stringify({ metrics: out }, null, 2) + '\n')
      return
    }
    if (rows.length === 0) {
      ctx.io.out('No export runs recorded yet.\n')
      return
    }
    let text = renderTable(
      ['TIME', 'EXPORT', 'STATUS', 'ROWS', 'DURATION', 'RSS', 'FILES', 'BYTES', 'RETRIES', 'FLAGS'],
      rows.map((m) => [
        m.runAt,
        m.exportName,
        m.status,
        fmtThousands(m.totalRows),
        fmtDuration(m.durationMs),
        m.peakRssMb === null ? '-' : `${m.peakRssMb} MB`,
        fmtThousands(m.filesProduced),
        fmtBytes(m.bytesWritten),
        String(m.retries),
        [m.validated === true ? 'validated' : m.validated === false ? 'validation FAILED' : '', m.schemaChanged === true ? 'schema changed' : ''].filter((f) => f !== '').join(', '),
      ]),
    )
    const errors = rows.filter((m) => m.errorMessage !== null).map((m) => `  Error (${m.runId}): ${m.errorMessage ?? ''}`)
    if (errors.length > 0) text += errors.join('\n') + '\n'
    ctx.io.out(text)
  } finally {
    await state.close()
  }
}
