import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { openPostgresStateStore, openStateStore, type StateStore } from '../../../src/state/index.js'
import { uniqueName } from '../../helpers/unique-name.js'
import { createSchema, dropSchema, urlWithSchema } from './pg-backend.js'

const pgUrl = inject('pgUrl')

/** Opens several stores (separate connections) on one database, like parallel workers. */
interface SharedTarget {
  readonly name: string
  readonly skip: boolean
  setup(): Promise<{ open: () => Promise<StateStore>; cleanup: () => Promise<void> }>
}

const TARGETS: SharedTarget[] = [
  {
    name: 'sqlite',
    skip: false,
    setup() {
      const dir = mkdtempSync(join(tmpdir(), 'rivet-shared-'))
      return Promise.resolve({
        open: () => openStateStore({ configDir: dir, env: {} }),
        cleanup: () => {
          rmSync(dir, { recursive: true, force: true })
          return Promise.resolve()
        },
      })
    },
  },
  {
    name: 'postgres',
    skip: pgUrl === null,
    async setup() {
      const url = pgUrl ?? ''
      const schema = uniqueName('rivet_shared')
      await createSchema(url, schema)
      return { open: () => openPostgresStateStore(urlWithSchema(url, schema)), cleanup: () => dropSchema(url, schema) }
    },
  },
]

describe.each(TARGETS)('$name: workers on separate connections', (target) => {
  it.skipIf(target.skip)('claim every chunk exactly once', async () => {
    const { open, cleanup } = await target.setup()
    const stores = await Promise.all([open(), open(), open()])
    try {
      const at = '2026-01-01T00:00:00.000Z'
      const tasks = Array.from({ length: 30 }, (_, i) => ({ chunkIndex: i, startKey: String(i), endKey: String(i) }))
      await stores[0].checkpoints.createRun(
        { runId: 'run_w', exportName: 'orders', planHash: 'h', status: 'in_progress', maxChunkAttempts: 3, createdAt: at, updatedAt: at },
        tasks,
      )
      const worker = async (s: StateStore): Promise<number[]> => {
        const mine: number[] = []
        for (;;) {
          const t = await s.checkpoints.claimNext('run_w', 3, at)
          if (t === undefined) return mine
          mine.push(t.chunkIndex)
          await s.checkpoints.completeTask('run_w', t.chunkIndex, 1, null, at)
        }
      }
      const results = await Promise.all(stores.flatMap((s) => [worker(s), worker(s)]))
      const all = results.flat().sort((a, b) => a - b)
      expect(all).toEqual(tasks.map((t) => t.chunkIndex))
      const final = await stores[1].checkpoints.tasks('run_w')
      expect(final.every((t) => t.status === 'completed' && t.attempts === 1)).toBe(true)
    } finally {
      await Promise.all(stores.map((s) => s.close()))
      await cleanup()
    }
  })
})
