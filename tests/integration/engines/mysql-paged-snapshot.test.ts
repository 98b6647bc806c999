import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { logger } from '../../../src/log/index.js'
import { openExportStream } from '../../../src/pipeline/paged-snapshot.js'
import type { ResolvedRunPlan } from '../../../src/plan/run-plan.js'
import { MysqlSource } from '../../../src/source/mysql/mysql-source.js'
import { runConfig, tempProject } from '../../helpers/export-run.js'
import { request, urlSource } from '../source/mysql-helpers.js'
import { mysqlExec } from '../../helpers/mysql.js'
import { uniqueName } from '../../helpers/unique-name.js'

const mysqlUrl = inject('mysqlUrl')
const table = uniqueName('paged')
const wide = uniqueName('pagedwide')
const exact = uniqueName('pagedexact')

const exec = (sql: string): Promise<void> => mysqlExec(mysqlUrl as string, sql)

/** Exports `name` to CSV with `tuning` and returns the CSV files written and the data lines of the first. */
async function exportCsv(name: string, tuning: string | undefined): Promise<{ files: string[]; lines: string[] }> {
  const p = await tempProject(`
source:
  type: mysql
  url: "${mysqlUrl as string}"${tuning === undefined ? '' : `\n  tuning: ${tuning}`}
exports:
  - name: paged
    table: ${name}
    format: csv
    destination: { type: local, path: out }
`)
  const outcome = await runConfig(p.config, p.dir)
  expect(outcome.error).toBeUndefined()
  const files = (await readdir(join(p.dir, 'out'))).filter((f) => f.endsWith('.csv'))
  const lines = (await readFile(join(p.dir, 'out', files[0] as string), 'utf8')).trimEnd().split('\n').slice(1)
  return { files, lines }
}

const firstColumn = (lines: string[]): number[] => lines.map((l) => Number(l.split(',')[0]))

describe.skipIf(mysqlUrl === null)('MariaDB full export of a keyed table reads key pages in one consistent snapshot', () => {
  beforeAll(async () => {
    await exec(`CREATE TABLE ${table} (id int NOT NULL PRIMARY KEY, v varchar(20))`)
    await exec(`INSERT INTO ${table} VALUES ${Array.from({ length: 1050 }, (_, i) => `(${i + 1}, 'v${i + 1}')`).join(', ')}`)
    await exec(`CREATE TABLE ${wide} (id int NOT NULL PRIMARY KEY, body mediumtext)`)
    await exec(`INSERT INTO ${wide} SELECT seq, CONCAT(seq, ':', REPEAT('w', 30000)) FROM seq_1_to_1300`)
    await exec(`CREATE TABLE ${exact} (id int NOT NULL PRIMARY KEY, v varchar(20))`)
    await exec(`INSERT INTO ${exact} SELECT seq, CONCAT('v', seq) FROM seq_1_to_1000`)
  })
  afterAll(async () => {
    await exec(`DROP TABLE IF EXISTS ${table}, ${wide}, ${exact}`)
  })

  it.each([table, exact])('with no throttle the next page is sent ahead: %s still has every row once, in order', async (name) => {
    const { lines } = await exportCsv(name, '{ batch_size: 100, throttle_ms: 0 }')
    expect(firstColumn(lines)).toEqual(Array.from({ length: name === table ? 1050 : 1000 }, (_, i) => i + 1))
  })

  it('a reader that stops while the next page is already sent ends that statement and the snapshot', async () => {
    const source = await MysqlSource.connect(urlSource(mysqlUrl as string))
    try {
      const plan = {
        table: { schema: undefined, name: exact },
        baseQuery: `SELECT * FROM ${exact}`,
        queryOrigin: 'table',
        source: { engine: 'mysql' },
        strategy: { kind: 'snapshot' },
      } as unknown as ResolvedRunPlan
      const stream = await openExportStream(source, plan, request('', { tuning: { batchSize: 100, throttleMs: 0 } }), logger('test'))
      let seen = 0
      for await (const batch of stream) {
        seen += batch.numRows
        break // page 1 was one batch: page 2 is in flight now
      }
      expect(seen).toBe(100)
      expect(await source.queryScalar('SELECT @@in_transaction')).toBe('0')
      expect(await source.queryScalar('SELECT 41 + 1')).toBe('42')
    } finally {
      await source.close()
    }
  })

  it('one file with every row exactly once, in key order, across page boundaries', async () => {
    const { files, lines } = await exportCsv(table, '{ batch_size: 100 }')
    expect(files).toHaveLength(1)
    expect(firstColumn(lines)).toEqual(Array.from({ length: 1050 }, (_, i) => i + 1))
  })

  it('wide rows are read in byte-bounded pages (~4 MiB), still every row exactly once in key order', async () => {
    const { lines } = await exportCsv(wide, undefined)
    expect(firstColumn(lines)).toEqual(Array.from({ length: 1300 }, (_, i) => i + 1))
    expect(lines.every((l, i) => l === `${i + 1},${i + 1}:${'w'.repeat(30000)}`)).toBe(true)
  })
})
