import { describe, expect, it } from 'vitest'
import { aggregateIdFor, fileTimestamp, runIdFor, singleFileName } from '../../../src/pipeline/naming.js'
import { expandTemplate } from '../../../src/destination/key-template.js'
import { fmtBytes, fmtDuration, fmtThousands } from '../../../src/cli/render/format-units.js'

const at = new Date('2026-01-15T14:30:22.999Z')

describe('naming (I04, G04, C32)', () => {
  it('run ids and file names', () => {
    expect(runIdFor('orders', at)).toBe('orders_20260115T143022999')
    expect(aggregateIdFor(at)).toBe('agg_20260115T143022999')
    expect(fileTimestamp(at)).toBe('20260115_143022')
    expect(singleFileName('orders', '20260115_143022', 'parquet', undefined)).toBe('orders_20260115_143022.parquet')
    expect(singleFileName('orders', '20260115_143022', 'csv', 0)).toBe('orders_20260115_143022_part0.csv')
  })
  it('expands path templates', () => {
    expect(expandTemplate('out/{date}/{export}/{table}/', { date: at, exportName: 'e', tableName: 't' })).toBe('out/2026-01-15/e/t/')
    expect(expandTemplate('{table}/{run_id}', { date: at, exportName: 'e', tableName: undefined })).toBe('e/{run_id}')
  })
  it('formats units like the summary card', () => {
    expect(fmtThousands(39_990_376)).toBe('39,990,376')
    expect(fmtDuration(800)).toBe('800ms')
    expect(fmtDuration(1500)).toBe('1.5s')
    expect(fmtDuration(68_400)).toBe('1m 08.4s')
    expect(fmtDuration(3_725_300)).toBe('1h 02m 05.3s')
    expect(fmtBytes(512)).toBe('512 B')
    expect(fmtBytes(1536)).toBe('1.5 KB')
  })
})

describe('untakenName', () => {
  it('never reuses a name that exists at the destination', async () => {
    const { untakenName } = await import('../../../src/pipeline/naming.js')
    expect(untakenName('o_1.csv', new Set())).toBe('o_1.csv')
    expect(untakenName('o_1.csv', new Set(['o_1.csv']))).toBe('o_1-2.csv')
    expect(untakenName('o_1_part0.csv', new Set(['o_1_part0.csv', 'o_1_part0-2.csv']))).toBe('o_1_part0-3.csv')
  })
})
