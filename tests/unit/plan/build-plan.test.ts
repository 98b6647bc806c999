import { symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { RivetError } from '../../../src/errors/index.js'
import { buildRunPlans, strategyLabel } from '../../../src/plan/index.js'
import { redactSecrets } from '../../../src/redact/index.js'
import { NO_FLAGS, SOURCE, exportYaml, loadYaml, planOf } from './plan-fixture.js'

describe('buildRunPlans: strategies (D01)', () => {
  it('full → snapshot', async () => {
    const p = await planOf('')
    expect(p.strategy).toEqual({ kind: 'snapshot' })
    expect(strategyLabel(p.strategy)).toBe('full')
  })

  it('incremental with coalesce', async () => {
    const p = await planOf('    mode: incremental\n    cursor_column: u\n    cursor_fallback_column: c\n    incremental_cursor_mode: coalesce\n')
    expect(p.strategy).toEqual({ kind: 'incremental', cursor: { primaryColumn: 'u', fallbackColumn: 'c', mode: 'coalesce' } })
  })

  it('chunked: defaults, max attempts = max_retries + 1, shape flags', async () => {
    const p = await planOf('    mode: chunked\n    chunk_column: id\n    tuning:\n      max_retries: 4\n')
    expect(p.strategy).toEqual({
      kind: 'chunked',
      chunked: { column: 'id', chunkSize: 100_000, chunkSizeMemoryMb: undefined, chunkCount: undefined, parallel: 1, dense: false, byDays: undefined, checkpoint: false, maxAttempts: 5, shapeExplicit: true },
    })
  })

  it('chunked over a table without chunk_column defers the column to run time', async () => {
    const p = await planOf('    table: public.logs\n    mode: chunked\n    chunk_size_memory_mb: 64\n    chunk_max_attempts: 2\n')
    expect(p.strategy.kind).toBe('chunked')
    if (p.strategy.kind !== 'chunked') return
    expect(p.strategy.chunked).toMatchObject({ column: undefined, chunkSizeMemoryMb: 64, maxAttempts: 2, shapeExplicit: false })
    expect(p.table).toEqual({ schema: 'public', name: 'logs' })
    expect(p.baseQuery).toBe('SELECT * FROM public.logs')
    expect(p.queryOrigin).toBe('table')
  })

  it('chunk_by_key → keyset', async () => {
    const p = await planOf('    table: products\n    mode: chunked\n    chunk_by_key: sku\n    chunk_size: 500\n')
    expect(p.strategy).toEqual({ kind: 'keyset', keyColumn: 'sku', chunkSize: 500 })
    expect(p.table).toEqual({ schema: undefined, name: 'products' })
  })

  it('time_window', async () => {
    const p = await planOf('    mode: time_window\n    time_column: ts\n    time_column_type: unix\n    days_window: 3\n')
    expect(p.strategy).toEqual({ kind: 'timeWindow', column: 'ts', columnType: 'unix', daysWindow: 3 })
    expect(strategyLabel(p.strategy)).toBe('timewindow')
  })
})

describe('buildRunPlans: output and the rest', () => {
  it('default compression zstd level 3; gzip level 6; CSV uncompressed', async () => {
    expect((await planOf('')).output).toMatchObject({ format: 'parquet', compression: 'zstd', compressionLevel: 3, parquet: undefined })
    expect((await planOf('    compression: gzip\n')).output).toMatchObject({ compression: 'gzip', compressionLevel: 6 })
    expect((await planOf('    format: csv\n')).output).toMatchObject({ format: 'csv', compression: 'none', compressionLevel: undefined })
  })

  it('a compression profile overrides explicit compression with a WARN (C21)', async () => {
    const loaded = await loadYaml(SOURCE + exportYaml('    query: SELECT 1\n    compression: gzip\n    compression_profile: fast\n'))
    const { plans, warnings } = buildRunPlans(loaded, { flags: NO_FLAGS, env: {} })
    expect(plans[0]?.output).toMatchObject({ compression: 'snappy', compressionLevel: undefined })
    expect(warnings).toEqual(["export 'e': compression_profile 'fast' overrides explicit compression 'gzip' (using 'snappy')"])
    expect((await planOf('    compression_profile: compact\n')).output).toMatchObject({ compression: 'zstd', compressionLevel: 9 })
  })

  it('max_file_size, parquet block, quality, meta columns, overrides and policies', async () => {
    const p = await planOf(
      '    max_file_size: 1.5GB\n    parquet:\n      row_group_strategy: fixed_rows\n      row_group_rows: 1000\n' +
        '    quality:\n      null_ratio_max: {b: 0.5, a: 0.1}\n      unique_columns: [id]\n' +
        '    meta_columns: {row_hash: true}\n    columns: {amount: "decimal(10,2)"}\n    on_schema_drift: fail\n' +
        '    verify: content\n    partition_by: day\n',
      { dest: '    destination:\n      type: local\n      path: "./out/{partition}"\n' },
    )
    expect(p.output.maxFileSizeBytes).toBe(Math.floor(1.5 * 1024 ** 3))
    expect(p.output.parquet).toEqual({ rowGroupStrategy: 'fixed_rows', rowGroupRows: 1000, targetRowGroupMb: 128, maxRowGroupMb: undefined })
    expect(p.quality?.nullRatioMax).toEqual([['b', 0.5], ['a', 0.1]])
    expect(p.metaColumns).toEqual({ exportedAt: false, rowHash: true })
    expect(p.columnOverrides.get('amount')).toEqual({ kind: 'decimal', precision: 10, scale: 2 })
    expect(p).toMatchObject({ schemaDrift: 'fail', verify: 'content', shapeDriftWarnFactor: 2, partition: { column: 'day', granularity: 'day' } })
  })

  it('--reconcile implies --validate; paths are absolute', async () => {
    const p = await planOf('', { flags: { reconcile: true } })
    expect(p.flags).toEqual({ validate: true, reconcile: true, resume: false, force: false })
    expect(p.configPath.startsWith('/')).toBe(true)
    expect(p.configDir).toBe(join(p.configPath, '..'))
  })

  it('--export selects one export; an unknown one lists the known exports', async () => {
    const loaded = await loadYaml(SOURCE + exportYaml('    query: SELECT 1\n') + '  - name: f\n    query: SELECT 2\n    format: csv\n    destination: {type: stdout}\n')
    expect(buildRunPlans(loaded, { exportName: 'f', flags: NO_FLAGS }).plans.map((p) => p.exportName)).toEqual(['f'])
    expect(() => buildRunPlans(loaded, { exportName: 'x', flags: NO_FLAGS })).toThrow(
      expect.objectContaining({ code: 'RIVET_EXPORT_NOT_FOUND', message: "export 'x' not found in config.", hint: 'Known exports: e, f' }) as Error,
    )
  })
})

describe('buildRunPlans: secrets and files', () => {
  it('url_env resolves and its password is registered for redaction', async () => {
    const loaded = await loadYaml('source:\n  type: postgres\n  url_env: PG_URL\n' + exportYaml('    query: SELECT 1\n'))
    const { plans } = buildRunPlans(loaded, { flags: NO_FLAGS, env: { PG_URL: 'postgresql://u:Sup3r-Secret@h/db' } })
    expect(plans[0]?.source.connection).toEqual({ kind: 'url', url: 'postgresql://u:Sup3r-Secret@h/db', origin: { kind: 'env', name: 'PG_URL' } })
    expect(redactSecrets('token Sup3r-Secret leaked')).not.toContain('Sup3r-Secret')
  })

  it('an unset url_env / password_env is RIVET_CONFIG_SECRET_UNSET naming the variable', async () => {
    const byUrl = await loadYaml('source:\n  type: postgres\n  url_env: NOPE_URL\n' + exportYaml('    query: SELECT 1\n'))
    expect(() => buildRunPlans(byUrl, { flags: NO_FLAGS, env: {} })).toThrow(expect.objectContaining({ code: 'RIVET_CONFIG_SECRET_UNSET', message: expect.stringContaining("'NOPE_URL'") as string }) as Error)
    const byPw = await loadYaml('source:\n  type: mysql\n  host: h\n  user: u\n  database: d\n  password_env: NOPE_PW\n' + exportYaml('    query: SELECT 1\n'))
    expect(() => buildRunPlans(byPw, { flags: NO_FLAGS, env: {} })).toThrow(expect.objectContaining({ code: 'RIVET_CONFIG_SECRET_UNSET' }) as Error)
    const ok = buildRunPlans(byPw, { flags: NO_FLAGS, env: { NOPE_PW: 'pw-value-1' } }).plans[0]?.source
    expect(ok?.connection).toEqual({ kind: 'fields', host: 'h', port: 3306, user: 'u', password: 'pw-value-1', passwordOrigin: { kind: 'env', name: 'NOPE_PW' }, database: 'd' })
    expect(ok?.tls).toBeUndefined()
  })

  it('TLS: default mode and whether it was explicit', async () => {
    const loaded = await loadYaml(SOURCE + '  tls:\n    ca_file: ca.pem\n' + exportYaml('    query: SELECT 1\n'))
    const tls = buildRunPlans(loaded, { flags: NO_FLAGS, env: {} }).plans[0]?.source.tls
    expect(tls).toMatchObject({ mode: 'verify-full', modeExplicit: false, acceptInvalidCerts: false })
    expect(tls?.caFile?.endsWith('/ca.pem')).toBe(true)
  })

  it('query_file is read relative to the config dir with ${VAR} substitution', async () => {
    const loaded = await loadYaml(SOURCE + exportYaml('    query_file: sql/q.sql\n'), { 'sql/q.sql': 'SELECT * FROM t WHERE d >= ${DAY}' }, new Map([['DAY', '5']]))
    const p = buildRunPlans(loaded, { flags: NO_FLAGS, env: {} }).plans[0]
    expect(p?.baseQuery).toBe('SELECT * FROM t WHERE d >= 5')
    expect(p?.queryOrigin).toBe('query_file')
  })

  it('query_file: unset variable, missing file and symlink escape are refused', async () => {
    const unset = await loadYaml(SOURCE + exportYaml('    query_file: q.sql\n'), { 'q.sql': 'SELECT ${NOPE}' })
    expect(() => buildRunPlans(unset, { flags: NO_FLAGS, env: {} })).toThrow(expect.objectContaining({ code: 'RIVET_CONFIG_VAR_UNSET' }) as Error)
    const missing = await loadYaml(SOURCE + exportYaml('    query_file: gone.sql\n'))
    expect(() => buildRunPlans(missing, { flags: NO_FLAGS, env: {} })).toThrow(expect.objectContaining({ code: 'RIVET_CONFIG_QUERY_FILE' }) as Error)
    const escape = await loadYaml(SOURCE + exportYaml('    query_file: link.sql\n'))
    symlinkSync('/etc/hostname', join(escape.dir, 'link.sql'))
    let err: unknown
    try {
      buildRunPlans(escape, { flags: NO_FLAGS, env: {} })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(RivetError)
    expect((err as RivetError).message).toContain('resolves outside the config directory')
  })
})

describe('buildRunPlans: url_env edge cases', () => {
  it('an empty url_env value is refused as empty', async () => {
    const loaded = await loadYaml('source:\n  type: postgres\n  url_env: EMPTY_URL\n' + exportYaml('    query: SELECT 1\n'))
    expect(() => buildRunPlans(loaded, { flags: NO_FLAGS, env: { EMPTY_URL: ' ' } })).toThrow(
      expect.objectContaining({ code: 'RIVET_CONFIG_SECRET_UNSET', message: "source: env var 'EMPTY_URL' is empty (referenced by url_env)" }) as Error,
    )
  })

  it('url_file is read and trimmed; its password is redacted', async () => {
    const loaded = await loadYaml('source:\n  type: postgres\n  url_file: URLFILE\n' + exportYaml('    query: SELECT 1\n'))
    const file = join(loaded.dir, 'db.url')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(file, 'postgresql://u:File-Pw-123@h/db\n')
    const withFile = await loadYaml(`source:\n  type: postgres\n  url_file: ${file}\n` + exportYaml('    query: SELECT 1\n'))
    const conn = buildRunPlans(withFile, { flags: NO_FLAGS, env: {} }).plans[0]?.source.connection
    expect(conn).toEqual({ kind: 'url', url: 'postgresql://u:File-Pw-123@h/db', origin: { kind: 'file', path: file } })
    expect(redactSecrets('x File-Pw-123 y')).not.toContain('File-Pw-123')
    expect(() => buildRunPlans(loaded, { flags: NO_FLAGS, env: {} })).toThrow(expect.objectContaining({ code: 'RIVET_CONFIG_UNREADABLE' }) as Error)
  })
})
