import type { ResolvedSource } from '../../plan/run-plan.js'
import type { Source } from '../../source/source.js'
import type { ChunkOutcome } from './chunk-task.js'
import type { ChunkWindow } from './math.js'
import { SourceSlot } from './source-slot.js'

export interface ChunkTask {
  readonly index: number
  readonly window: ChunkWindow
}

/**
 * Where workers take chunks from and report them to: an in-memory list, or the
 * checkpoint tables (claim → complete | fail, D19).
 */
export interface TaskQueue {
  next(): Promise<ChunkTask | undefined>
  completed(task: ChunkTask, outcome: ChunkOutcome): Promise<void>
  /** Records a failed chunk; resolves to whether the other workers should keep going. */
  failed(task: ChunkTask, err: unknown): Promise<boolean>
}

/**
 * D18: `workers` async workers in this process, each on its own connection (worker 0
 * adopts `first`, the connection that probed the windows). Each worker runs its chunk
 * to commit before it takes the next, so per-chunk commit order matches the sequential
 * runner. A failure stops further dispatch unless the queue says otherwise; every
 * connection is closed before this resolves. Resolves to the failures, in order.
 */
export async function runWorkers(opts: {
  readonly workers: number
  readonly sourceConfig: ResolvedSource
  readonly first: Source
  readonly queue: TaskQueue
  readonly gate: () => Promise<void>
  readonly signal: AbortSignal | undefined
  readonly run: (slot: SourceSlot, task: ChunkTask) => Promise<ChunkOutcome>
  /** E08: how many of the workers may run a chunk at once; all of them when absent. */
  readonly limit?: ConcurrencyLimit
}): Promise<unknown[]> {
  const errors: unknown[] = []
  const pool = { stopped: false }
  const halted = (): boolean => pool.stopped || opts.signal?.aborted === true
  const worker = async (slot: SourceSlot): Promise<void> => {
    try {
      for (;;) {
        if (halted()) return
        await opts.gate()
        if (halted()) return
        await opts.limit?.acquire()
        try {
          if (halted()) return
          const task = await opts.queue.next()
          if (task === undefined) return
          try {
            const outcome = await opts.run(slot, task)
            await opts.queue.completed(task, outcome)
          } catch (err) {
            errors.push(err)
            if (!(await opts.queue.failed(task, err))) pool.stopped = true
          }
        } finally {
          opts.limit?.release()
        }
      }
    } catch (err) {
      // A queue or gate failure (state store) ends the whole pool.
      errors.push(err)
      pool.stopped = true
    } finally {
      await slot.close()
    }
  }
  const n = Math.max(1, opts.workers)
  const slots = Array.from({ length: n }, (_, w) => new SourceSlot(opts.sourceConfig, w === 0 ? opts.first : undefined))
  const settled = await Promise.allSettled(slots.map((s) => worker(s)))
  for (const s of settled) if (s.status === 'rejected') errors.push(s.reason)
  return errors
}

/**
 * E08: a run-time adjustable cap on chunks in flight. Lowering it never interrupts a
 * running chunk: the workers above the new cap finish theirs and then wait; raising it
 * wakes as many waiting workers as the new room allows.
 */
export class ConcurrencyLimit {
  #limit: number
  #active = 0
  readonly #waiting: (() => void)[] = []

  constructor(limit: number) {
    this.#limit = Math.max(1, limit)
  }

  get value(): number {
    return this.#limit
  }

  get active(): number {
    return this.#active
  }

  /** Sets the cap (at least 1) and wakes waiters that now fit. */
  set(limit: number): void {
    this.#limit = Math.max(1, limit)
    this.#wake()
  }

  /** Resolves once a slot under the cap is free, and takes it. */
  acquire(): Promise<void> {
    if (this.#active < this.#limit && this.#waiting.length === 0) {
      this.#active++
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      this.#waiting.push(() => {
        this.#active++
        resolve()
      })
    })
  }

  release(): void {
    this.#active = Math.max(0, this.#active - 1)
    this.#wake()
  }

  #wake(): void {
    while (this.#active < this.#limit) {
      const next = this.#waiting.shift()
      if (next === undefined) return
      next()
    }
  }
}

/** A run without checkpoints: the windows in order; the first failure stops dispatch. */
export function memoryQueue(windows: readonly ChunkWindow[]): TaskQueue {
  let next = 0
  return {
    next() {
      const window = windows[next]
      if (window === undefined) return Promise.resolve(undefined)
      return Promise.resolve({ index: next++, window })
    },
    completed: () => Promise.resolve(),
    failed: () => Promise.resolve(false),
  }
}
