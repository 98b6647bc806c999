import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config/index.js'
import { RivetError } from '../../../src/errors/index.js'

const SOURCE = 'source:\n  type: postgres\n  url: postgresql://localhost/db\n'
const EXPORT = 'exports:\n  - name: t\n    query: SELECT 1\n    format: parquet\n    destination:\n      type: local\n      path: ./out\n'

function write(text: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'rivet-load-'))
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), body)
  }
  const file = join(dir, 'rivet.yaml')
  writeFileSync(file, text)
  return file
}

async function failure(file: string, opts: Parameters<typeof loadConfig>[1] = {}): Promise<RivetError> {
  try {
    await loadConfig(file, { env: {}, ...opts })
  } catch (err) {
    if (err instanceof RivetError) return err
    throw err
  }
  throw new Error('expected loadConfig to fail')
}

describe('loadConfig', () => {
  it('returns the absolute path, directory, defaulted config and no warnings', async () => {
    const file = write(SOURCE + EXPORT)
    const loaded = await loadConfig(file, { env: {} })
    expect(loaded.path).toBe(file)
    expect(loaded.dir).toBe(join(file, '..'))
    expect(loaded.warnings).toEqual([])
    const e = loaded.config.exports[0]
    expect(e).toMatchObject({ mode: 'full', chunk_size: 100_000, parallel: 1, verify: 'size', on_schema_drift: 'warn', shape_drift_warn_factor: 2, skip_empty: false })
    expect(e?.compression).toBeUndefined() // presence matters for the CSV and profile rules
    expect(loaded.config.parallel_exports).toBe(false)
  })

  it('lists every problem in one error, each with its YAML path', async () => {
    const file = write(
      'source:\n  type: postgres\n  url: postgresql://x/db\n  url_env: DB\n  batch_size: 5\n' +
        'exports:\n  - name: a\n    query: SELECT 1\n    format: csv\n    compression: gzip\n    mode: incremental\n    destination:\n      type: s3\n      bucekt: b\n' +
        '  - name: a\n    table: t\n    format: parquet\n    compression_level: 40\n    destination:\n      type: local\n      path: ../up\n',
    )
    const err = await failure(file)
    expect(err.code).toBe('RIVET_CONFIG_INVALID')
    const problems = err.details?.problems as { path: string; message: string }[]
    const paths = problems.map((p) => p.path)
    expect(paths).toEqual(
      expect.arrayContaining([
        'source',
        'exports[0].destination.bucekt',
        'exports[0].destination.bucket',
        'exports[0].compression',
        'exports[0].cursor_column',
        'exports[1].name',
        'exports[1].compression_level',
        'exports[1].destination.path',
      ]),
    )
    expect(problems.find((p) => p.path === 'exports[0].destination.bucekt')?.message).toContain('Did you mean `bucket`?')
    expect(problems.some((p) => p.message.includes("belong under 'source.tuning:'"))).toBe(true)
    expect(err.message).toContain(`has ${problems.length} problems`)
    expect(err.hint).toContain('rivet schema config')
  })

  it('a missing file is RIVET_CONFIG_NOT_FOUND with the rivet init hint', async () => {
    const err = await failure('/nonexistent/dir/rivet.yaml')
    expect(err.code).toBe('RIVET_CONFIG_NOT_FOUND')
    expect(err.message).toBe("config file '/nonexistent/dir/rivet.yaml' not found")
    expect(err.hint).toContain('rivet init')
  })

  it('a directory is RIVET_CONFIG_UNREADABLE', async () => {
    expect((await failure(tmpdir())).code).toBe('RIVET_CONFIG_UNREADABLE')
  })

  it('unset variables are all reported with RIVET_CONFIG_VAR_UNSET', async () => {
    const err = await failure(write(SOURCE.replace('/db', '/${DB_NAME}') + EXPORT.replace('./out', './${OUT_DIR}')))
    expect(err.code).toBe('RIVET_CONFIG_VAR_UNSET')
    expect(err.message).toContain("environment variable 'DB_NAME' referenced in config is not set")
    expect(err.message).toContain("environment variable 'OUT_DIR' referenced in config is not set")
  })

  it('substitutes --param over env and warns about unused params', async () => {
    const file = write(SOURCE + EXPORT.replace('SELECT 1', 'SELECT ${N}'))
    const loaded = await loadConfig(file, { params: new Map([['N', '2'], ['TYPO', 'x']]), env: { N: '3' } })
    expect(loaded.config.exports[0]?.query).toBe('SELECT 2')
    expect(loaded.warnings).toEqual([expect.stringContaining("--param 'TYPO' was not referenced")])
  })

  it('a param used only inside a query_file counts as referenced', async () => {
    const file = write(SOURCE + EXPORT.replace('query: SELECT 1', 'query_file: q.sql'), { 'q.sql': 'SELECT ${DAY}' })
    const loaded = await loadConfig(file, { params: new Map([['DAY', '2026-01-01']]), env: {} })
    expect(loaded.warnings).toEqual([])
    expect(loaded.params.get('DAY')).toBe('2026-01-01')
  })

  it('warns about plaintext passwords (W02)', async () => {
    const inline = await loadConfig(write(SOURCE.replace('localhost', 'u:pw@localhost') + EXPORT), { env: {} })
    expect(inline.warnings).toEqual([expect.stringContaining('inline `url:` in YAML contains a plaintext password')])
    const structured = await loadConfig(
      write('source:\n  type: mysql\n  host: h\n  user: u\n  password: pw\n  database: d\n' + EXPORT),
      { env: {} },
    )
    expect(structured.warnings).toEqual(['source config contains plaintext password -- consider using password_env'])
  })

  it('writes nothing while loading, even when it fails', async () => {
    const file = write(SOURCE + EXPORT.replace('format: parquet', 'format: nope'))
    const dir = join(file, '..')
    const before = readdirSync(dir)
    await failure(file)
    await loadConfig(write(SOURCE + EXPORT), { env: {} })
    expect(readdirSync(dir)).toEqual(before)
  })

  it('a missing required key gets a hint', async () => {
    const err = await failure(write(EXPORT))
    expect(err.message).toContain('source: missing required field `source`')
    expect(err.hint).toContain('rivet init')
  })

  it('a single precise problem keeps the upstream wording after the path', async () => {
    const err = await failure(write(SOURCE.replace('url:', 'url_file: /x\n  url:') + EXPORT))
    expect(err.message).toMatch(/: source: specify exactly one of 'url', 'url_env', or 'url_file' \(got 2 set\)$/)
    expect(err.hint).toContain('url_env')
  })
})

describe('loadConfig: YAML errors', () => {
  it('blames a tab only when the parser did', async () => {
    const tabbed = await failure(write(SOURCE + 'exports:\n  - name: t\n\tquery: x\n'))
    expect(tabbed.code).toBe('RIVET_CONFIG_YAML')
    expect(tabbed.message).toContain('line 6 is indented with a TAB')
    const other = await failure(write(SOURCE + 'exports:\n  - name: t\n    query: |\n      SELECT\n      \tFROM x\n    format: "unterminated\n'))
    expect(other.code).toBe('RIVET_CONFIG_YAML')
    expect(other.message).not.toContain('TAB')
    expect(other.message).toMatch(/line \d+, column \d+: YAML syntax error/)
  })

  it('duplicate keys are a YAML error', async () => {
    const err = await failure(write(SOURCE + '  type: mysql\n' + EXPORT))
    expect(err.code).toBe('RIVET_CONFIG_YAML')
  })
})
