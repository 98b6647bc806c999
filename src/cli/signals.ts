import { logger } from '../log/index.js'
import { SIGNAL_EXIT_CODES } from '../errors/index.js'
import type { CliContext } from './context.js'

/**
 * Graceful signals (AA.5): the first SIGINT/SIGTERM aborts `signal` — the export in flight
 * stops at its next batch, closes its source cursor, removes its temp files and leaves
 * state untouched; the process then exits 130/143. A second signal exits at once.
 */
export async function withSignals<T>(ctx: CliContext, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController()
  const onSignal = (sig: NodeJS.Signals): void => {
    const code = sig === 'SIGTERM' ? SIGNAL_EXIT_CODES.SIGTERM : SIGNAL_EXIT_CODES.SIGINT
    if (controller.signal.aborted) {
      ctx.io.err(`\nrivet: second ${sig}: aborting now\n`)
      process.exit(code)
    }
    logger('rivet::cli').warn(`received ${sig}: stopping the running export cleanly (temp files removed, state unchanged); send it again to abort at once`)
    controller.abort(sig)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    return await fn(controller.signal)
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
