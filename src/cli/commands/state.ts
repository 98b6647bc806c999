import type { Command } from 'commander'
import type { CliContext } from '../context.js'
import { renderTable } from '../render/table.js'
import { fmtBytes, fmtThousands } from '../render/format-units.js'
import { assertKnownExport, openConfigState } from './config-context.js'

interface StateOpts {
  readonly config: string
  readonly export?: string
  readonly limit?: string
  readonly json?: boolean
}

export function registerState(program: Command, ctx: CliContext): void {
  const state = program.command('state').description('inspect or reset the state store next to the config')
  state
    .command('show')
    .description('last cursor and last run per export')
    .requiredOption('-c, --config <path>', 'path to rivet.yaml')
    .option('--json', 'print JSON on stdout')
    .action(async (o: StateOpts) => {
      await show(ctx, o)
    })
  state
    .command('reset')
    .description("delete an export's cursor and progression so the next run starts from scratch")
    .requiredOption('-c, --config <path>', 'path to rivet.yaml')
    .requiredOption('-e, --export <name>', 'export to reset')
    .action(async (o: StateOpts & { export: string }) => {
      await reset(ctx, o)
    })
  state
    .command('files')
    .description('recently written files (file_log)')
    .requiredOption('-c, --config <path>', 'path to rivet.yaml')
    .option('-e, --export <name>', 'only this export')
    .option('-l, --limit <n>', 'number of rows', '50')
    .option('--json', 'print JSON on stdout')
    .action(async (o: StateOpts) => {
      await files(ctx, o)
    })
}

async function show(ctx: CliContext, o: StateOpts): Promise<void> {
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

async function reset(ctx: CliContext, o: StateOpts & { export: string }): Promise<void> {
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

async function files(ctx: CliContext, o: StateOpts): Promise<void> {
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
