import type { Command } from 'commander'
import type { CliContext } from '../context.js'
import { registerStateChunks } from './state-chunks.js'

export interface StateOpts {
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
      const { show } = await import('../actions/state.js')
      await show(ctx, o)
    })
  state
    .command('reset')
    .description("delete an export's cursor and progression so the next run starts from scratch")
    .requiredOption('-c, --config <path>', 'path to rivet.yaml')
    .requiredOption('-e, --export <name>', 'export to reset')
    .action(async (o: StateOpts & { export: string }) => {
      const { reset } = await import('../actions/state.js')
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
      const { files } = await import('../actions/state.js')
      await files(ctx, o)
    })
  registerStateChunks(state, ctx)
}
