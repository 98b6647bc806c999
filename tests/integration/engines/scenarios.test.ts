import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { duckRows } from '../../helpers/duckdb.js'
import { engineTargets, type EngineTarget } from '../../helpers/engines.js'
import { runConfig, tempProject } from '../../helpers/export-run.js'
import { storedCursor } from '../../helpers/state-db.js'
import { uniqueName } from '../../helpers/unique-name.js'

const engines = engineTargets()

function q(target: EngineTarget, name: string): string {
  return target.engine === 'mysql' ? `\`${name.replaceAll('`', '``')}\`` : `"${name.replaceAll('"', '""')}"`
}

describe.skipIf(engines.length === 0).each(engines)('$engine: export scenarios', (target) => {
  const orders = uniqueName('sc_orders')
  const empty = uniqueName('sc_empty')
  const torture = uniqueName('sc_torture')
  // Column names that would break naive SQL or CSV: quotes, backticks, brackets, spaces, commas.
  const evil = ['a"b', 'c`d', 'e]f', 'g h', 'i,j']

  const config = (body: string): string => `
source:
  type: ${target.engine}
  url: "${target.url}"
  tuning: { batch_size: 700 }
exports:
${body}`

  beforeAll(async () => {
    await target.exec(`CREATE TABLE ${orders} (id int NOT NULL PRIMARY KEY, amount decimal(12,2), note ${target.types.varchar(40)})`)
    const values = Array.from({ length: 2000 }, (_, i) => `(${i + 1}, ${((i + 1) * 1.25).toFixed(2)}, ${i % 9 === 0 ? 'NULL' : `'n${i + 1}'`})`)
    await target.exec(`INSERT INTO ${orders} VALUES ${values.join(', ')}`)
    await target.exec(`CREATE TABLE ${empty} (id int, name ${target.types.varchar(10)})`)
    await target.exec(`CREATE TABLE ${torture} (${evil.map((c) => `${q(target, c)} ${target.types.varchar(20)}`).join(', ')})`)
    await target.exec(`INSERT INTO ${torture} VALUES ('1', '2', '3', '4', '5,6')`)
  })
  afterAll(async () => {
    for (const t of [orders, empty, torture]) await target.exec(`DROP TABLE IF EXISTS ${t}`)
  })

  it.each(['parquet', 'csv'] as const)('full export to %s', async (format) => {
    const p = await tempProject(config(`  - name: full\n    table: ${orders}\n    format: ${format}\n    destination: { type: local, path: out }\n`))
    const outcome = await runConfig(p.config, p.dir)
    expect(outcome.error).toBeUndefined()
    const file = (await readdir(join(p.dir, 'out'))).find((f) => f.endsWith(`.${format}`)) as string
    const reader = format === 'parquet' ? `read_parquet('${join(p.dir, 'out', file)}')` : `read_csv('${join(p.dir, 'out', file)}', header = true, all_varchar = true)`
    const rows = await duckRows(`SELECT count(*)::INTEGER AS n, sum(CAST(amount AS DECIMAL(18,2)))::VARCHAR AS total, count(note)::INTEGER AS notes FROM ${reader}`)
    expect(rows[0]).toEqual({ n: 2000, total: '2501250.00', notes: 2000 - Math.ceil(2000 / 9) })
  })

  it('incremental three-run cycle with a bound cursor', async () => {
    const p = await tempProject(config(`  - name: inc\n    query: "SELECT * FROM ${orders}"\n    mode: incremental\n    cursor_column: id\n    format: csv\n    destination: { type: local, path: out }\n`))
    expect((await runConfig(p.config, p.dir)).aggregate.total_rows).toBe(2000)
    await target.exec(`INSERT INTO ${orders} VALUES (2001, 1.00, 'late'), (2002, 2.00, NULL)`)
    expect((await runConfig(p.config, p.dir)).aggregate.total_rows).toBe(2)
    expect(storedCursor(p.dir, 'inc')).toBe('2002')
    expect((await runConfig(p.config, p.dir)).aggregate.total_rows).toBe(0)
    await target.exec(`DELETE FROM ${orders} WHERE id > 2000`)
  })

  it('empty table: one file with the schema and no rows', async () => {
    const p = await tempProject(config(`  - name: empty\n    table: ${empty}\n    format: parquet\n    destination: { type: local, path: out }\n`))
    const outcome = await runConfig(p.config, p.dir)
    expect(outcome.error).toBeUndefined()
    const file = (await readdir(join(p.dir, 'out'))).find((f) => f.endsWith('.parquet')) as string
    const cols = await duckRows(`DESCRIBE SELECT * FROM read_parquet('${join(p.dir, 'out', file)}')`)
    expect(cols.map((c) => c.column_name)).toEqual(['id', 'name'])
    expect((await duckRows(`SELECT count(*)::INTEGER AS n FROM read_parquet('${join(p.dir, 'out', file)}')`))[0]?.n).toBe(0)
  })

  it('quoting torture: hostile column names survive incremental SQL and CSV headers', async () => {
    const p = await tempProject(config(`  - name: evil\n    table: ${torture}\n    mode: incremental\n    cursor_column: 'a"b'\n    format: csv\n    destination: { type: local, path: out }\n`))
    const outcome = await runConfig(p.config, p.dir)
    expect(outcome.error).toBeUndefined()
    expect(storedCursor(p.dir, 'evil')).toBe('1')
    const file = (await readdir(join(p.dir, 'out'))).find((f) => f.endsWith('.csv')) as string
    const text = await readFile(join(p.dir, 'out', file), 'utf8')
    expect(text).toBe('a"b,c`d,e]f,g h,i,j\n1,2,3,4,"5,6"\n')
    expect((await runConfig(p.config, p.dir)).aggregate.total_rows).toBe(0)
  })
})
