import { Command } from 'commander'
import type { CliContext } from './context.js'
import { packageInfo } from './package-info.js'
import { registerCompletions } from './commands/completions.js'
import { registerSchema } from './commands/schema.js'
import { registerDemo } from './commands/demo.js'
import { registerMetrics } from './commands/metrics.js'
import { registerRun } from './commands/run.js'
import { registerState } from './commands/state.js'

/**
 * The commander tree. Command files only wire flags and call one function below `cli/`;
 * a command is registered only once it works.
 */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('rivet')
    .description('Extract tables from production databases into Parquet or CSV — safely, predictably, repeatably.')
    .version(packageInfo().version, '-V, --version', 'print the rivet version')
    .option('--json-errors', 'on failure print one JSON line {"error","code","hint","exit_class"} on stderr')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => {
        ctx.io.out(s)
      },
      writeErr: (s) => {
        ctx.io.err(s)
      },
      // Usage errors are rendered once, by cli/render-error.ts.
      outputError: () => undefined,
    })
  program.addHelpText(
    'after',
    '\nExit codes: 0 ok · 1 error · 2 retryable/usage · 3 data integrity · 4 schema drift · 70 internal · 130/143 interrupted\nDocs: docs/ in the rivet-cli package (README.md links every page)',
  )
  registerRun(program, ctx)
  registerState(program, ctx)
  registerMetrics(program, ctx)
  registerDemo(program, ctx)
  registerCompletions(program, ctx)
  registerSchema(program, ctx)
  return program
}
