import { createSource } from '../../source/registry.js'
import type { Source } from '../../source/source.js'
import type { ResolvedSource } from '../../plan/run-plan.js'

/**
 * One worker's connection (D18: each worker has its own). Opened lazily, replaced after
 * a failed attempt (the connection may be broken), and always closed by the owner.
 */
export class SourceSlot {
  readonly #config: ResolvedSource
  #source: Source | undefined

  constructor(config: ResolvedSource, initial?: Source) {
    this.#config = config
    this.#source = initial
  }

  async get(): Promise<Source> {
    this.#source ??= await createSource(this.#config)
    return this.#source
  }

  /** Drops the current connection so the next {@link get} opens a fresh one. */
  async reset(): Promise<void> {
    await this.close()
  }

  /** Gives up ownership of the current connection without closing it (the caller now owns it). */
  release(): void {
    this.#source = undefined
  }

  async close(): Promise<void> {
    const s = this.#source
    this.#source = undefined
    if (s !== undefined) await s.close()
  }
}
