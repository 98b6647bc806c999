import { CommanderError } from 'commander'
import {
  ExitClass,
  RivetError,
  SIGNAL_EXIT_CODES,
  USAGE_EXIT_CODE,
  type RivetCode,
} from '../errors/index.js'
import { redactSecrets, sanitizeTerminal } from '../redact/index.js'
import { fullMessageOf } from '../pipeline/error-text.js'

/** What `rivet` prints for a failure and the exit code it returns. Decided only here. */
export interface RenderedError {
  readonly exitCode: number
  readonly text: string
}

const PROGRAMMING_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError]

/** Commander's non-error exits (help, version). */
const COMMANDER_OK = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help'])

export function isCommanderSuccess(err: unknown): boolean {
  return err instanceof CommanderError && COMMANDER_OK.has(err.code)
}

interface Classified {
  readonly code: RivetCode
  readonly message: string
  readonly hint: string | undefined
  readonly exitCode: number
  readonly exitClass: number
}

export function classifyForExit(err: unknown): Classified {
  if (err instanceof CommanderError) {
    const message = err.message.replace(/^error: /, '')
    return { code: 'RIVET_USAGE', message, hint: 'run `rivet --help` (or `rivet <command> --help`) for usage', exitCode: USAGE_EXIT_CODE, exitClass: USAGE_EXIT_CODE }
  }
  if (err instanceof RivetError) {
    const exitClass = err.exitClass
    let exitCode: number = exitClass
    if (err.code === 'RIVET_INTERRUPTED') {
      const signal = err.details?.signal
      exitCode = signal === 'SIGTERM' ? SIGNAL_EXIT_CODES.SIGTERM : SIGNAL_EXIT_CODES.SIGINT
    }
    return { code: err.code, message: fullMessage(err), hint: err.hint, exitCode, exitClass }
  }
  if (PROGRAMMING_ERRORS.some((E) => err instanceof E)) {
    const stack = err instanceof Error && err.stack !== undefined ? `\n${err.stack}` : ''
    return {
      code: 'RIVET_INTERNAL',
      message: `internal error (this is a bug in rivet): ${fullMessage(err)}${stack}`,
      hint: 'please report it with the command you ran and `RIVET_LOG=debug` output',
      exitCode: ExitClass.Internal,
      exitClass: ExitClass.Internal,
    }
  }
  // A foreign error that no adapter wrapped: generic and never retried (STYLE §4).
  return { code: 'RIVET_UNCLASSIFIED', message: fullMessage(err), hint: undefined, exitCode: ExitClass.Generic, exitClass: ExitClass.Generic }
}

/** The message followed by every distinct cause message, joined with `: ` (A03). */
export const fullMessage = fullMessageOf

/** Renders the one stderr block for a failure: `Error: …` (+ `  Hint: …`) or one JSON line (A02). */
export function renderError(err: unknown, opts: { readonly jsonErrors: boolean }): RenderedError {
  const c = classifyForExit(err)
  const message = sanitizeTerminal(redactSecrets(c.message))
  const hint = c.hint === undefined ? undefined : sanitizeTerminal(redactSecrets(c.hint))
  if (opts.jsonErrors) {
    const line = JSON.stringify({ error: message, code: c.code, hint: hint ?? null, exit_class: c.exitClass })
    return { exitCode: c.exitCode, text: line + '\n' }
  }
  const hintLine = hint === undefined || message.includes(hint) ? '' : `\n  Hint: ${hint}`
  return { exitCode: c.exitCode, text: `Error: ${message}${hintLine}\n  Code: ${c.code}\n` }
}
