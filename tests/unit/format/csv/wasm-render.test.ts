import type { RecordBatch } from 'apache-arrow'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { BatchBuilder, type ColumnBuilder, DecimalColumn, schemaFor, TimeColumn, Utf8Column } from '../../../../src/batch/index.js'
import { renderBatch, renderBatchJs } from '../../../../src/format/csv/render-batch.js'
import { renderWasm } from '../../../../src/format/csv/wasm-render.js'
import { referenceCsv } from './csv-reference.js'
import { col, randomBatch, SPECS, type Spec } from './random-batches.js'

/** Columns whose random values include cells the wasm module hands back (beyond 64 bits, ≥ 100 h). */
const MAY_FALL_BACK = new Set(['dec38', 't'])

function bothWays(batch: RecordBatch): { wasm: Buffer | undefined; js: Buffer } {
  return { wasm: renderWasm(batch, batch.numRows), js: renderBatchJs(batch, batch.numRows) }
}

/** A one-column batch of `spec`'s type holding `values`, appended by `put`. */
function single<V>(spec: Spec, values: readonly V[], put: (c: ColumnBuilder, v: V) => void): RecordBatch {
  const { builder } = spec.create()
  const b = new BatchBuilder(schemaFor([spec.column]), [builder])
  for (const v of values) {
    put(builder, v)
    b.endRow()
  }
  return b.finish()
}

describe('CSV rows rendered in wasm', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.resetModules()
  })

  it('renders every column type byte for byte as the JS renderer, with and without NULLs', () => {
    for (const [k, spec] of SPECS.entries()) {
      for (const seed of [1, 2, 3]) {
        const batch = randomBatch(5000 + k * 10 + seed, 2500, [spec])
        const { wasm, js } = bothWays(batch)
        if (!MAY_FALL_BACK.has(spec.column.name)) expect(wasm, `${spec.column.name} was not rendered in wasm`).toBeDefined()
        if (wasm !== undefined) expect(wasm.equals(js), `${spec.column.name} seed ${seed}`).toBe(true)
        expect(js.toString('utf8')).toBe(referenceCsv(batch))
      }
    }
  })

  it('renders mixed batches and sliced batches (nonzero Arrow offsets) like the JS renderer', () => {
    const specs = SPECS.filter((s) => !MAY_FALL_BACK.has(s.column.name))
    for (let seed = 1; seed <= 20; seed++) {
      const batch = randomBatch(seed, 700, specs)
      for (const part of [batch, batch.slice(0, 9), batch.slice(9, 400), batch.slice(400)]) {
        const { wasm, js } = bothWays(part)
        expect(wasm, `seed ${seed}`).toBeDefined()
        expect(wasm?.equals(js), `seed ${seed}`).toBe(true)
      }
    }
  })

  it('renders 64-bit decimals and times under 100 hours, and hands anything beyond back to JS', () => {
    const dec = SPECS.find((s) => s.column.name === 'dec38') as Spec
    const time = SPECS.find((s) => s.column.name === 't') as Spec
    const small = [0n, -1n, 1n, 2n ** 63n - 1n, -(2n ** 63n), 10n ** 18n, -(10n ** 18n) + 7n, 123456789012345678n]
    const inRange = single(dec, small, (c, v) => { if (c instanceof DecimalColumn) c.appendScaled(v) })
    const d = bothWays(inRange)
    expect(d.wasm?.toString('utf8')).toBe(d.js.toString('utf8'))
    expect(d.js.toString('utf8').split('\n')[3]).toBe('922337203.6854775807')

    const wide = single(dec, [2n ** 63n], (c, v) => { if (c instanceof DecimalColumn) c.appendScaled(v) })
    expect(renderWasm(wide, 1)).toBeUndefined()
    expect(renderBatch(wide, 1).toString('utf8')).toBe('922337203.6854775808\n')

    const hours = single(time, [0, 359_999_999_999], (c, v) => { if (c instanceof TimeColumn) c.appendMicros(v) })
    expect(renderWasm(hours, 2)?.toString('utf8')).toBe('00:00:00.000000\n99:59:59.999999\n')
    const late = single(time, [360_000_000_000], (c, v) => { if (c instanceof TimeColumn) c.appendMicros(v) })
    expect(renderWasm(late, 1)).toBeUndefined()
    expect(renderBatch(late, 1).toString('utf8')).toBe('100:00:00.000000\n')
  })

  it('grows its memory for a batch larger than any before it', () => {
    const s = new Utf8Column()
    const b = new BatchBuilder(schemaFor([col('s', { kind: 'string' })]), [s])
    const long = 'quote "me", please\n'.repeat(300)
    for (let i = 0; i < 4000; i++) {
      s.append(i % 3 === 0 ? long : `row ${i}`)
      b.endRow()
    }
    const batch = b.finish()
    const { wasm, js } = bothWays(batch)
    expect(wasm?.length).toBeGreaterThan(4_000_000)
    expect(wasm?.equals(js)).toBe(true)
  })

  it('is off with RIVET_CSV_WASM=0, and the JS renderer writes the same rows', async () => {
    vi.stubEnv('RIVET_CSV_WASM', '0')
    vi.resetModules()
    const fresh = await import('../../../../src/format/csv/wasm-render.js')
    const batch = randomBatch(9, 50, SPECS.slice(0, 3))
    expect(fresh.renderWasm(batch, 50)).toBeUndefined()
    expect(renderBatch(batch, 50).equals(renderBatchJs(batch, 50))).toBe(true)
  })
})
