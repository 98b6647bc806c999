import type { Command } from 'commander'
import type { CliContext } from '../context.js'

export interface MetricsOpts {
  readonly config: string
  readonly export?: string
  readonly limit: string
  readonly json?: boolean
}

export function registerMetrics(program: Command, ctx: CliContext): void {
  program
    .command('metrics')
    .description('recent export runs with rows, duration, RSS, files, bytes and status')
    .requiredOption('-c, --config <path>', 'path to rivet.yaml')
    .option('-e, --export <name>', 'only this export')
    .option('-l, --limit <n>', 'number of runs', '20')
    .option('--json', 'print JSON on stdout')
    .action(async (o: MetricsOpts) => {
      const { metrics } = await import('../actions/metrics.js')
      await metrics(ctx, o)
    })
}

