import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engineTargets } from '../../helpers/engines.js'
import { runConfig, tempProject } from '../../helpers/export-run.js'
import { uniqueName } from '../../helpers/unique-name.js'

const engines = engineTargets()

describe.skipIf(engines.length === 0).each(engines)('$engine: keyset pagination (D16)', (target) => {
  const table = uniqueName('ks')
  const noKey = uniqueName('ksnokey')
  // Keys sharing prefixes: page boundaries fall between 'a', 'a0', 'a00', 'a1', …
  const keys = ['a', 'a0', 'a00', 'a000', 'a1', 'a10', 'a2', 'b', 'b b', 'b-b', 'bb', 'c', 'x', 'x y', 'xy', 'z'].sort()

  beforeAll(async () => {
    await target.exec(`CREATE TABLE ${table} (k ${target.types.varchar(20)} NOT NULL PRIMARY KEY, n int)`)
    await target.exec(`INSERT INTO ${table} VALUES ${keys.map((k, i) => `('${k}', ${i})`).join(', ')}`)
    await target.exec(`CREATE TABLE ${noKey} (k ${target.types.varchar(20)}, n int)`)
  })
  afterAll(async () => {
    await target.exec(`DROP TABLE IF EXISTS ${table}`)
    await target.exec(`DROP TABLE IF EXISTS ${noKey}`)
  })

  const config = (tableName: string): string => `
source:
  type: ${target.engine}
  url: "${target.url}"
exports:
  - name: ks
    table: ${tableName}
    mode: chunked
    chunk_by_key: k
    chunk_size: 3
    format: csv
    destination: { type: local, path: out }
`

  it('one file per non-empty page, every row exactly once, in key order', async () => {
    const p = await tempProject(config(table))
    const outcome = await runConfig(p.config, p.dir)
    expect(outcome.error).toBeUndefined()
    expect(outcome.aggregate.total_rows).toBe(keys.length)
    const files = (await readdir(join(p.dir, 'out'))).filter((f) => f.endsWith('.csv'))
    expect(files).toHaveLength(Math.ceil(keys.length / 3))
    expect(files.every((f) => /_keyset\d+\.csv$/.test(f))).toBe(true)
    const byPage = files.sort((a, b) => Number(/keyset(\d+)/.exec(a)?.[1]) - Number(/keyset(\d+)/.exec(b)?.[1]))
    const rows: string[] = []
    for (const f of byPage) rows.push(...(await readFile(join(p.dir, 'out', f), 'utf8')).trimEnd().split('\n').slice(1).map((l) => l.split(',')[0] ?? ''))
    expect(rows).toHaveLength(keys.length)
    expect(new Set(rows).size).toBe(keys.length)
  })

  it('refuses a key that is not unique and NOT NULL', async () => {
    const p = await tempProject(config(noKey))
    const outcome = await runConfig(p.config, p.dir)
    expect(outcome.error).toMatchObject({ code: 'RIVET_PLAN_REJECTED' })
    expect(outcome.error?.message).toContain("chunk_by_key 'k' is not a usable keyset key")
  })
})
