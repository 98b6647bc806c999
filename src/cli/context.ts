/** What a command needs from the process, injectable for tests. Only `cli/` prints. */
export interface CliIo {
  /** Requested output (data, reports, JSON). */
  out(text: string): void
  /** Human diagnostics: summaries, progress, warnings for people. */
  err(text: string): void
  readonly stdoutIsTTY: boolean
  readonly stderrIsTTY: boolean
}

export interface CliContext {
  readonly io: CliIo
  readonly env: NodeJS.ProcessEnv
  readonly cwd: string
  /** Set by a command that finished but must still exit non-zero (e.g. `doctor` with a failed check). */
  exitCode: number
}

export function processCliContext(): CliContext {
  return {
    io: {
      out: (text) => void process.stdout.write(text),
      err: (text) => void process.stderr.write(text),
      // isTTY is undefined (not false) when the stream is not a terminal.
      stdoutIsTTY: process.stdout.isTTY as boolean | undefined === true,
      stderrIsTTY: process.stderr.isTTY as boolean | undefined === true,
    },
    env: process.env,
    cwd: process.cwd(),
    exitCode: 0,
  }
}
