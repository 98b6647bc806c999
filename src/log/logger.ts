import { writeSync } from 'node:fs'
import { pino, type DestinationStream, type Level, type Logger } from 'pino'
import { redactSecrets, sanitizeTerminal } from '../redact/index.js'

/**
 * The process logger (A06). Logs always go to stderr, because stdout can be a data
 * destination. Level from `RIVET_LOG` (or a plain-level `RUST_LOG`), default `warn`.
 * `RIVET_LOG_FORMAT=json` keeps pino's JSON lines; the default is one human line
 * `timestamp LEVEL target: message key=value…`. Every line is redacted (A07).
 */
export type { Logger } from 'pino'

const LEVELS: readonly Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal']

export function resolveLogLevel(env: NodeJS.ProcessEnv = process.env): Level | 'silent' {
  for (const raw of [env.RIVET_LOG, env.RUST_LOG]) {
    const v = raw?.trim().toLowerCase()
    if (v === undefined || v === '') continue
    if (v === 'off' || v === 'silent') return 'silent'
    if (v === 'warning') return 'warn'
    if ((LEVELS as readonly string[]).includes(v)) return v as Level
  }
  return 'warn'
}

const LEVEL_LABELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' }
const RESERVED = new Set(['level', 'time', 'msg', 'target', 'pid', 'hostname'])

/** Formats one pino JSON record as a human line. Exported for tests. */
export function formatLogLine(json: string): string {
  const rec = JSON.parse(json) as Record<string, unknown>
  const level = LEVEL_LABELS[Number(rec.level)] ?? String(rec.level)
  const time = typeof rec.time === 'number' ? new Date(rec.time).toISOString() : ''
  const target = typeof rec.target === 'string' ? rec.target : 'rivet'
  const extras = Object.entries(rec)
    .filter(([k]) => !RESERVED.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
  const msg = typeof rec.msg === 'string' ? rec.msg : ''
  return `${time} ${level} ${target}: ${msg}${extras.length > 0 ? ' ' + extras.join(' ') : ''}\n`
}

class StderrDestination implements DestinationStream {
  readonly #json: boolean
  constructor(json: boolean) {
    this.#json = json
  }
  write(line: string): void {
    const text = this.#json ? line : formatLogLine(line)
    writeSync(2, sanitizeTerminal(redactSecrets(text)))
  }
}

let root: Logger | undefined

/** The shared root logger; use `.child({ target: 'rivet::source' })` per area. */
export function rootLogger(): Logger {
  root ??= createLogger()
  return root
}

export function createLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  const json = env.RIVET_LOG_FORMAT?.toLowerCase() === 'json'
  return pino({ level: resolveLogLevel(env), base: undefined }, new StderrDestination(json))
}

/** A child logger for one area of the code (`target` appears in every line). */
export function logger(target: string, bindings: Record<string, string | number> = {}): Logger {
  return rootLogger().child({ target, ...bindings })
}
