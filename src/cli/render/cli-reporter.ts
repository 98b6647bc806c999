import type { CliIo } from '../context.js'
import type { ExportResult, RunReporter } from '../../pipeline/export-result.js'
import { fmtBytes, fmtThousands } from './format-units.js'
import { compactLine, summaryCard } from './summary-card.js'

const PLAIN_INTERVAL_MS = 10_000
const TTY_INTERVAL_MS = 200

/**
 * Progress and summaries on stderr: a redrawn progress line on a TTY, a plain line every
 * 10 s otherwise (cron/Airflow logs), then the summary card per export (L01, S03).
 */
export class CliReporter implements RunReporter {
  readonly #io: CliIo
  readonly #multi: boolean
  readonly #nameWidth: number
  readonly #started = new Map<string, number>()
  #lastDraw = 0
  #lineOpen = false
  readonly results: ExportResult[] = []

  constructor(io: CliIo, exportNames: readonly string[]) {
    this.#io = io
    this.#multi = exportNames.length > 1
    this.#nameWidth = Math.max(8, ...exportNames.map((n) => n.length))
  }

  exportStarted(exportName: string): void {
    this.#started.set(exportName, Date.now())
    this.#lastDraw = Date.now()
    if (!this.#io.stderrIsTTY) this.#io.err(`rivet: export '${exportName}' started\n`)
  }

  progress(exportName: string, rows: number, bytes: number): void {
    const now = Date.now()
    const interval = this.#io.stderrIsTTY ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS
    if (now - this.#lastDraw < interval) return
    this.#lastDraw = now
    const secs = Math.max(0.001, (now - (this.#started.get(exportName) ?? now)) / 1000)
    const text = `${exportName}: ${fmtThousands(rows)} rows  ${fmtBytes(bytes)}  ${fmtThousands(Math.round(rows / secs))} rows/s`
    if (this.#io.stderrIsTTY) {
      this.#io.err(`\r\u001b[2K⠿ ${text}`)
      this.#lineOpen = true
    } else {
      this.#io.err(`rivet: ${text}\n`)
    }
  }

  exportFinished(result: ExportResult): void {
    this.results.push(result)
    this.#clearLine()
    this.#io.err(this.#multi ? compactLine(result, this.#nameWidth) : summaryCard(result))
  }

  #clearLine(): void {
    if (this.#lineOpen) this.#io.err('\r\u001b[2K')
    this.#lineOpen = false
  }
}
