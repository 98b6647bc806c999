import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runConfig, tempProject } from '../../helpers/export-run.js'
import { pgExec } from '../../helpers/pg.js'
import { uniqueName } from '../../helpers/unique-name.js'

const pgUrl = inject('pgUrl')
const table = uniqueName('growth')

/** A batch larger than a builder's initial capacity (1024) used to write 0 at row 1001. */
describe.skipIf(pgUrl === null)('regression: values survive column-buffer growth in big batches', () => {
  beforeAll(async () => {
    await pgExec(pgUrl as string, `CREATE TABLE ${table} AS SELECT g::int4 AS id, g::float8 AS f, (date '2020-01-01' + g) AS d FROM generate_series(1, 3000) g`)
  })
  afterAll(async () => {
    await pgExec(pgUrl as string, `DROP TABLE IF EXISTS ${table}`)
  })

  it('every id, float and date of a 2000-row batch is exported as read', async () => {
    const p = await tempProject(`
source:
  type: postgres
  url: "${pgUrl as string}"
  tuning: { batch_size: 2000 }
exports:
  - name: growth
    query: "SELECT id, f, d FROM ${table} ORDER BY id"
    format: csv
    destination: { type: local, path: out }
`)
    expect((await runConfig(p.config, p.dir)).error).toBeUndefined()
    const file = (await readdir(join(p.dir, 'out'))).find((f) => f.endsWith('.csv')) as string
    const lines = (await readFile(join(p.dir, 'out', file), 'utf8')).trimEnd().split('\n').slice(1)
    expect(lines).toHaveLength(3000)
    for (const [i, line] of lines.entries()) {
      const [id, f] = line.split(',')
      if (Number(id) !== i + 1 || Number(f) !== i + 1) throw new Error(`row ${i + 1} exported as '${line}'`)
    }
  })
})
