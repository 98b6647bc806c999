import type { RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { BatchBuilder, Int64Column, schemaFor } from '../../../src/batch/index.js'
import { pumpPages } from '../../../src/pipeline/page-pump.js'
import type { BatchStream } from '../../../src/source/source.js'

const SCHEMA = schemaFor([{ name: 'id', type: { kind: 'int64' }, nativeType: 'bigint', fidelity: 'exact' }])

function batchOf(from: number, to: number): RecordBatch {
  const id = new Int64Column()
  const b = new BatchBuilder(SCHEMA, [id])
  for (let i = from; i <= to; i++) {
    id.appendNumber(i)
    b.endRow()
  }
  return b.finish()
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r))

/** A fake table of `total` rows read in key pages of `batch`-row batches; `log` records what happens in order. */
function fakeTable(total: number, batch: number, opts: { failAt?: number } = {}) {
  const log: string[] = []
  let produced = 0
  const page = (after: number, rows: number): BatchStream => {
    const last = Math.min(total, after + rows)
    async function* gen(): AsyncGenerator<RecordBatch> {
      let completed = false
      try {
        for (let from = after + 1; from <= last; from += batch) {
          await tick()
          if (opts.failAt !== undefined && from > opts.failAt) throw new Error(`read failed at ${from}`)
          produced++
          yield batchOf(from, Math.min(last, from + batch - 1))
        }
        completed = true
      } finally {
        if (!completed) log.push(`page after ${after} ended early`)
      }
    }
    return { schema: SCHEMA, mappings: [], stats: { fetches: 1, rows: 0 }, [Symbol.asyncIterator]: gen }
  }
  const options = {
    first: page(0, 500),
    firstPageRows: 500,
    key: 'id',
    batchSize: 1000,
    stats: { fetches: 0, rows: 0 },
    openPage: (last: string, pageSize: number): Promise<BatchStream> => {
      log.push(`open after ${last} (${pageSize} rows)`)
      return Promise.resolve(page(Number(last), pageSize))
    },
    end: (sql: 'COMMIT' | 'ROLLBACK'): Promise<void> => {
      if (!log.some((l) => l === 'COMMIT' || l === 'ROLLBACK')) log.push(sql)
      return Promise.resolve()
    },
  }
  return { log, options, produced: () => produced }
}

const ids = (b: RecordBatch): number[] => Array.from(b.getChild('id')?.toArray() as BigInt64Array, Number)

describe('key pages pumped ahead of the consumer', () => {
  it('delivers every row once, in key order, across pages, and commits', async () => {
    const t = fakeTable(2345, 250)
    const seen: number[] = []
    for await (const b of pumpPages(t.options)()) seen.push(...ids(b))
    expect(seen).toEqual(Array.from({ length: 2345 }, (_, i) => i + 1))
    expect(t.log.filter((l) => l.startsWith('open'))).toEqual(['open after 500 (1000 rows)', 'open after 1500 (1000 rows)'])
    expect(t.log.at(-1)).toBe('COMMIT')
    expect(t.options.stats.rows).toBe(2345)
  })

  it('sends the next page before the consumer has taken the current page’s last batch', async () => {
    const t = fakeTable(1500, 200) // page 1: batches of 200, 200 and 100 rows
    const it = pumpPages(t.options)()
    const first = await it.next()
    expect(first.done).toBe(false)
    // the consumer dawdles over its first batch; the pump reads on and opens page 2
    for (let k = 0; k < 50 && !t.log.some((l) => l.startsWith('open')); k++) await tick()
    expect(t.log).toContain('open after 500 (1000 rows)')
    // …and reads no further ahead than 3 batches the consumer has not taken
    for (let k = 0; k < 50; k++) await tick()
    expect(t.produced()).toBe(4)
    let rows = (first.value as RecordBatch).numRows
    for (let r = await it.next(); r.done !== true; r = await it.next()) rows += r.value.numRows
    expect(rows).toBe(1500)
  })

  it('a consumer that stops mid-page ends that page and rolls back; return() waits for both', async () => {
    const t = fakeTable(5000, 100)
    let seen = 0
    for await (const b of pumpPages(t.options)()) {
      seen += b.numRows
      if (seen >= 700) break
    }
    expect(t.log).toContain('ROLLBACK')
    expect(t.log).not.toContain('COMMIT')
    expect(t.log.some((l) => / ended early$/.test(l))).toBe(true)
  })

  it('a failing page read reaches the consumer as its error, after a rollback', async () => {
    const t = fakeTable(3000, 100, { failAt: 1200 })
    let seen = 0
    const err = await (async () => {
      for await (const b of pumpPages(t.options)()) seen += b.numRows
    })().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(String(err)).toMatch(/read failed at 1201/)
    expect(seen).toBeLessThanOrEqual(1200)
    expect(t.log).toContain('ROLLBACK')
  })
})
