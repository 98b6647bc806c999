import type { CliContext } from '../context.js'
import { renderTable } from '../render/table.js'
import { fmtBytes, fmtThousands } from '../render/format-units.js'
import { assertKnownExport, openConfigState } from './config-context.js'
import type { StateOpts } from '../commands/state.js'

export async function show(ctx: CliContext, o: StateOpts): Promise<void> {
  const { state } = await openConfigState(ctx, o.config)
  try {
    const rows = await state.cursors.list()
    if (o.json === true) {
      ctx.io.out(JSON.stringify({ exports: rows.map((r) => ({ export_name: r.exportName, last_cursor_value: r.lastCursorValue, last_run_at: r.lastRunAt })) }, null, 2) + '\n')
      return
    }
    if (rows.length === 0) {
      ctx.io.out('No exports have been run yet.\n  Hint: run `rivet run -c <config>` first; incremental exports record their cursor here.\n')
      return
    }
    ctx.io.out(renderTable(['EXPORT', 'LAST CURSOR', 'LAST RUN'], rows.map((r) => [r.exportName, r.lastCursorValue ?? '-', r.lastRunAt ?? '-'])))
  } finally {
    await state.close()
  }
}

export async function reset(ctx: CliContext, o: StateOpts & { export: string }): Promise<void> {
  const { loaded, state } = await openConfigState(ctx, o.config)
  try {
    assertKnownExport(loaded, o.export)
    await state.transaction(async (tx) => {
      await tx.cursors.reset(o.export)
      await tx.progression.reset(o.export)
    })
    ctx.io.out(`State reset for export '${o.export}'\n`)
  } finally {
    await state.close()
  }
}

export async function files(ctx: CliContext, o: StateOpts): Promise<void> {
  const { state } = await openConfigState(ctx, o.config)
  try {
    const limit = Math.max(1, Number.parseInt(o.limit ?? '50', 10) || 50)
    const rows = await state.files.recent({ ...(o.export === undefined ? {} : { exportName: o.export }), limit })
    if (o.json === true) {
      ctx.io.out(
        JSON.stringify(
          {
            files: rows.map((r) => ({ run_id: r.runId, export_name: r.exportName, file_name: r.fileName, row_count: r.rowCount, bytes: r.bytes, format: r.format, compression: r.compression, created_at: r.createdAt })),
          },
          null,
          2,
        ) + '\n',
      )
      return
    }
    if (rows.length === 0) {
      ctx.io.out('No files recorded yet.\n')
      return
    }
    ctx.io.out(
      renderTable(
        ['RUN ID', 'FILE', 'ROWS', 'BYTES', 'FORMAT', 'COMPRESSION', 'CREATED'],
        rows.map((r) => [r.runId, r.fileName, fmtThousands(r.rowCount), fmtBytes(r.bytes), r.format, r.compression ?? '-', r.createdAt]),
      ),
    )
  } finally {
    await state.close()
  }
}
