import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runConfig, tempProject } from '../../helpers/export-run.js'
import { pgExec } from '../../helpers/pg.js'
import { uniqueName } from '../../helpers/unique-name.js'

const pgUrl = inject('pgUrl')
const table = uniqueName('tw')

describe.skipIf(pgUrl === null)('time_window mode (D20)', () => {
  beforeAll(async () => {
    // One row per day for the last 10 days (UTC noon), plus one far in the past.
    await pgExec(
      pgUrl as string,
      `CREATE TABLE ${table} AS
         SELECT g AS id, (date_trunc('day', now() AT TIME ZONE 'UTC') - (g || ' days')::interval + interval '12 hours') AS ts,
                extract(epoch FROM (date_trunc('day', now() AT TIME ZONE 'UTC') - (g || ' days')::interval + interval '12 hours'))::bigint AS epoch
         FROM generate_series(0, 9) g
       UNION ALL SELECT 100, timestamp '2000-01-01 00:00:00', 946684800`,
    )
  })
  afterAll(async () => {
    await pgExec(pgUrl as string, `DROP TABLE IF EXISTS ${table}`)
  })

  it.each([
    ['timestamp', 'ts'],
    ['unix', 'epoch'],
  ])('%s column: only rows since UTC midnight N days ago', async (kind, column) => {
    const p = await tempProject(`
source:
  type: postgres
  url: "${pgUrl as string}"
exports:
  - name: tw
    query: "SELECT id, ts, epoch FROM ${table}"
    mode: time_window
    time_column: ${column}
    time_column_type: ${kind}
    days_window: 3
    format: csv
    destination: { type: local, path: out }
`)
    const outcome = await runConfig(p.config, p.dir)
    expect(outcome.error).toBeUndefined()
    // Days 0..3 back are at or after midnight 3 days ago; the 2000 row never is.
    expect(outcome.aggregate.total_rows).toBe(4)
    expect(outcome.results[0]?.mode).toBe('timewindow')
  })
})
