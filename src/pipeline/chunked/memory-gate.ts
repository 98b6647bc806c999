import { setTimeout as sleep } from 'node:timers/promises'
import type { Logger } from '../../log/index.js'

/**
 * E06: between chunk dispatches, wait while the process RSS is above
 * `memory_threshold_mb` (0 = no gate). Sequential runs re-check every 5 s, parallel
 * dispatch every 2 s. The reader and the sleep are injectable for tests.
 */
export async function waitForMemory(
  thresholdMb: number,
  opts: { log: Logger; pollMs: number; signal?: AbortSignal; rssBytes?: () => number; pause?: (ms: number) => Promise<unknown> },
): Promise<void> {
  if (thresholdMb <= 0) return
  const rss = opts.rssBytes ?? (() => process.memoryUsage.rss())
  const pause = opts.pause ?? ((ms: number) => sleep(ms))
  let warned = false
  for (;;) {
    const mb = Math.round(rss() / (1024 * 1024))
    if (mb <= thresholdMb || opts.signal?.aborted === true) return
    if (!warned) opts.log.warn(`RSS ${mb}MB exceeds memory_threshold_mb ${thresholdMb}MB; pausing chunk dispatch until it drops`)
    warned = true
    await pause(opts.pollMs)
  }
}
