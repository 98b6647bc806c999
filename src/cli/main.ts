import { writeSync } from 'node:fs'
import { CommanderError } from 'commander'
import { processCliContext, type CliContext } from './context.js'
import { splitGlobalFlags } from './global-flags.js'
import { buildProgram } from './program.js'
import { isCommanderSuccess, renderError } from './render-error.js'
import { RivetError, USAGE_EXIT_CODE } from '../errors/index.js'

/** Runs the CLI for `argv` (as in `process.argv`) and resolves to the process exit code. */
export async function main(argv: readonly string[], ctx: CliContext = processCliContext()): Promise<number> {
  const { args, flags } = splitGlobalFlags(argv.slice(2))
  installCrashHandlers(flags.jsonErrors)
  const program = buildProgram(ctx)
  try {
    await program.parseAsync(args, { from: 'user' })
    return ctx.exitCode
  } catch (err) {
    if (isCommanderSuccess(err)) {
      // `rivet` with no command prints help on stderr: a usage error, like clap.
      return err instanceof CommanderError && err.code === 'commander.help' ? USAGE_EXIT_CODE : 0
    }
    const rendered = renderError(err, { jsonErrors: flags.jsonErrors })
    ctx.io.err(rendered.text)
    return rendered.exitCode
  }
}

let crashHandlersInstalled = false

/** An escaped exception is a bug: report it once, redacted, and exit 70 (AA.3). */
function installCrashHandlers(jsonErrors: boolean): void {
  if (crashHandlersInstalled) return
  crashHandlersInstalled = true
  const crash = (err: unknown): never => {
    const internal = new RivetError('RIVET_INTERNAL', 'internal error (this is a bug in rivet)', {
      cause: err,
      hint: 'please report it with the command you ran and `RIVET_LOG=debug` output',
    })
    const rendered = renderError(internal, { jsonErrors })
    writeSync(2, rendered.text)
    process.exit(70)
  }
  process.on('uncaughtException', crash)
  process.on('unhandledRejection', crash)
}
