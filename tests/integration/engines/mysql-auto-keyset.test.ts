import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runConfig, tempProject } from '../../helpers/export-run.js'
import { mysqlExec } from '../../helpers/mysql.js'
import { uniqueName } from '../../helpers/unique-name.js'

const mysqlUrl = inject('mysqlUrl')
const table = uniqueName('autoks')

const exec = (sql: string): Promise<void> => mysqlExec(mysqlUrl as string, sql)

describe.skipIf(mysqlUrl === null)('MariaDB: chunked table without an integer key auto-selects keyset pagination (D15/D16)', () => {
  beforeAll(async () => {
    await exec(`CREATE TABLE ${table} (code varchar(12) NOT NULL PRIMARY KEY, v int)`)
    await exec(`INSERT INTO ${table} VALUES ${Array.from({ length: 25 }, (_, i) => `('k${String(i).padStart(3, '0')}', ${i})`).join(', ')}`)
  })
  afterAll(async () => {
    await exec(`DROP TABLE IF EXISTS ${table}`)
  })

  it('pages on the VARCHAR primary key, one file per page, all rows once', async () => {
    const p = await tempProject(`
source:
  type: mysql
  url: "${mysqlUrl as string}"
exports:
  - name: auto
    table: ${table}
    mode: chunked
    chunk_size: 10
    format: csv
    destination: { type: local, path: out }
`)
    const outcome = await runConfig(p.config, p.dir)
    expect(outcome.error).toBeUndefined()
    expect(outcome.aggregate.total_rows).toBe(25)
    expect(outcome.results[0]?.mode).toBe('keyset')
    const files = (await readdir(join(p.dir, 'out'))).filter((f) => f.endsWith('.csv'))
    expect(files.filter((f) => /_keyset\d+\.csv$/.test(f))).toHaveLength(3)
  })
})
