import type { RunJournal } from '../../journal/run-journal.js'
import type { Logger } from '../../log/index.js'
import type { ChunkedPlan, ResolvedRunPlan } from '../../plan/run-plan.js'
import type { ConcurrencyLimit } from './dispatch.js'
import { openPressureProbe, type PressureProbe, type PressureProbeFactory } from './pressure.js'

/** Default pause between two pressure samples (E08). */
export const GOVERNOR_INTERVAL_MS = 1500

export const REASON_PRESSURE_RISING = 'source pressure rising'
export const REASON_PRESSURE_STEADY = 'source pressure not rising'

/**
 * E08 decision: one step per sample, kept within `[min, max]` (`min` at least 1).
 * A sample above the previous one means rising pressure → one worker fewer; any other
 * sample → one more. No sample (`undefined`) holds parallelism where it is; with no
 * previous sample there is nothing to compare, so pressure counts as not rising.
 */
export function nextParallelism(current: number, min: number, max: number, previousSample: bigint | undefined, sample: bigint | undefined): number {
  const lo = Math.max(1, Math.floor(min))
  const hi = Math.max(lo, Math.floor(max))
  const cur = Math.min(hi, Math.max(lo, Math.floor(current)))
  if (sample === undefined) return cur
  const rising = previousSample !== undefined && sample > previousSample
  return rising ? Math.max(lo, cur - 1) : Math.min(hi, cur + 1)
}

/** `RIVET_GOVERNOR_INTERVAL_MS` when it is a positive integer, else {@link GOVERNOR_INTERVAL_MS}. */
export function governorIntervalMs(env: NodeJS.ProcessEnv): number {
  const raw = env.RIVET_GOVERNOR_INTERVAL_MS?.trim()
  if (raw === undefined || !/^\d+$/.test(raw)) return GOVERNOR_INTERVAL_MS
  const n = Number(raw)
  return n > 0 ? n : GOVERNOR_INTERVAL_MS
}

/** A running sampling loop. */
export interface GovernorHandle {
  /** Ends the loop, waits for an in-flight sample, and closes the probe. Idempotent. */
  stop(): Promise<void>
}

/**
 * Samples `probe` every `intervalMs` and moves `limit` one step at a time between
 * `min` and `max` (it starts at `max`). `onChange` sees every move.
 */
export function startGovernor(opts: {
  readonly probe: PressureProbe
  readonly limit: ConcurrencyLimit
  readonly min: number
  readonly max: number
  readonly intervalMs: number
  readonly onChange: (from: number, to: number, reason: string) => void
}): GovernorHandle {
  let previous: bigint | undefined
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let inFlight: Promise<void> = Promise.resolve()
  let stopping: Promise<void> | undefined
  const tick = async (): Promise<void> => {
    // A probe that throws gives no signal this tick, like one that returns undefined.
    const sample = await opts.probe.sample().catch(() => undefined)
    if (stopped) return
    const from = opts.limit.value
    const to = nextParallelism(from, opts.min, opts.max, previous, sample)
    if (sample !== undefined) previous = sample
    if (to !== from) {
      opts.limit.set(to)
      opts.onChange(from, to, to < from ? REASON_PRESSURE_RISING : REASON_PRESSURE_STEADY)
    }
  }
  const schedule = (): void => {
    timer = setTimeout(() => {
      inFlight = tick().finally(() => {
        if (!stopped) schedule()
      })
    }, opts.intervalMs)
    timer.unref()
  }
  schedule()
  return {
    stop() {
      stopping ??= (async () => {
        stopped = true
        clearTimeout(timer)
        await inFlight
        // Closing the monitoring connection must not turn a finished run into a failure.
        await opts.probe.close().catch(() => undefined)
      })()
      return stopping
    },
  }
}

let probeFactory: PressureProbeFactory = openPressureProbe

/**
 * Test seam: replaces how the governor opens its pressure probe (the monitoring
 * connection). Returns a function that restores the previous factory.
 */
export function setPressureProbeFactory(factory: PressureProbeFactory): () => void {
  const prior = probeFactory
  probeFactory = factory
  return () => {
    probeFactory = prior
  }
}

/** Whether E08 applies: opted in, more than one worker, and no chunk checkpoint. */
export function governorApplies(plan: ResolvedRunPlan, chunked: ChunkedPlan): boolean {
  return plan.tuning.adaptive && chunked.parallel > 1 && !chunked.checkpoint
}

/**
 * Arms the governor for a chunked run when {@link governorApplies}: opens the
 * monitoring connection (a failure leaves parallelism static with one WARN) and records
 * every change as a `ParallelismAdjusted` journal event and an INFO line.
 */
export async function armGovernor(opts: {
  readonly plan: ResolvedRunPlan
  readonly chunked: ChunkedPlan
  readonly limit: ConcurrencyLimit
  readonly journal: RunJournal
  readonly log: Logger
  readonly env: NodeJS.ProcessEnv
}): Promise<GovernorHandle | undefined> {
  const { plan, chunked, log } = opts
  if (!governorApplies(plan, chunked)) return undefined
  const max = chunked.parallel
  const min = Math.min(max, Math.max(1, plan.tuning.minParallel ?? 1))
  let probe: PressureProbe
  try {
    probe = await probeFactory(plan.source)
  } catch (err) {
    log.warn(`export '${plan.exportName}': governor monitoring connection failed; parallelism stays static at ${String(max)}: ${err instanceof Error ? err.message : String(err)}`)
    return undefined
  }
  log.info(`export '${plan.exportName}': adaptive parallelism governor active (parallel ${String(min)}..${String(max)})`)
  return startGovernor({
    probe,
    limit: opts.limit,
    min,
    max,
    intervalMs: governorIntervalMs(opts.env),
    onChange: (from, to, reason) => {
      log.info(`export '${plan.exportName}': governor parallelism ${String(from)} → ${String(to)} (${reason})`)
      opts.journal.record({ ParallelismAdjusted: { from, to, reason } })
    },
  })
}
