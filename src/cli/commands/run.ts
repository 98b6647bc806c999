import type { Command } from 'commander'
import type { CliContext } from '../context.js'
import { collectRepeatable } from '../options.js'

export interface RunOptions {
  readonly config: string
  readonly export?: string
  readonly param: string[]
  readonly json?: boolean
  readonly summaryOutput?: string
  readonly force?: boolean
  readonly resume?: boolean
  readonly validate?: boolean
}

export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('run the exports of a config file')
    .requiredOption('-c, --config <path>', 'path to rivet.yaml')
    .option('-e, --export <name>', 'run only this export')
    .option('-p, --param <key=value>', 'value for ${KEY} in the config (repeatable)', collectRepeatable, [])
    .option('--validate', 're-read every written part and check its row count before it is committed')
    .option('--json', 'print the run aggregate as JSON on stdout')
    .option('--summary-output <path>', 'write the run aggregate JSON to this file')
    .option('--resume', 'continue the in-progress chunk checkpoint of each chunked export (chunk_checkpoint: true)')
    .option('--force', 'with --resume: override the _SUCCESS refusal (no effect otherwise)')
    .addHelpText('after', '\nExamples:\n  rivet run -c rivet.yaml\n  rivet run -c rivet.yaml -e orders --json\n  rivet run -c rivet.yaml -p DAY=2026-01-31')
    .action(async (opts: RunOptions) => {
      const { runCommand } = await import('../actions/run.js')
      await runCommand(opts, ctx)
    })
}

