import { describe, expect, it } from 'vitest'
import { RivetConfig } from '../../../src/config/index.js'
import { columnTypePattern, spellingsAgreeWithParser } from '../../../src/config/schema/column-type-pattern.js'
import { issuesToProblems } from '../../../src/config/problems.js'
import { parseColumnOverride } from '../../../src/types/index.js'

const source = { type: 'postgres', url: 'postgresql://localhost/db' }
const exp = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'e',
  query: 'SELECT 1',
  format: 'parquet',
  destination: { type: 'local', path: './out' },
  ...extra,
})

function problems(data: unknown): { path: string; message: string }[] {
  const r = RivetConfig.safeParse(data, { reportInput: true })
  return r.success ? [] : issuesToProblems(r.error.issues, [])
}

describe('config rules', () => {
  it('a valid minimal config has no problems', () => {
    expect(problems({ source, exports: [exp()] })).toEqual([])
  })

  it('TLS danger knob is rejected only next to an explicit enforcing mode (C12)', () => {
    expect(problems({ source: { ...source, tls: { accept_invalid_certs: true } }, exports: [exp()] })).toEqual([])
    expect(problems({ source: { ...source, tls: { mode: 'disable', accept_invalid_hostnames: true } }, exports: [exp()] })).toEqual([])
    expect(problems({ source: { ...source, tls: { mode: 'require', accept_invalid_hostnames: true } }, exports: [exp()] })).toEqual([
      expect.objectContaining({ path: 'source.tls', message: expect.stringContaining('accept_invalid_hostnames disables certificate verification') as string }),
    ])
  })

  it('duplicate names are still reported when another export has a type error', () => {
    const p = problems({ source, exports: [exp(), exp({ format: 'xml' }), exp()] })
    expect(p.map((x) => x.path)).toEqual(expect.arrayContaining(['exports[1].format', 'exports[1].name', 'exports[2].name']))
  })

  it('misplaced tuning keys name the keys and where they belong (C03)', () => {
    const p = problems({ source: { ...source, lock_timeout_s: 1, max_retries: 2 }, exports: [exp({ batch_size: 3, bogus: 1 })] })
    expect(p).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'source', message: "field(s) [lock_timeout_s, max_retries] belong under 'source.tuning:', not directly under 'source:'" }),
        expect.objectContaining({ path: 'exports[0]', message: "field(s) [batch_size] belong under 'exports[].tuning:', not directly in the export" }),
        expect.objectContaining({ path: 'exports[0].bogus', message: 'unknown field `bogus`' }),
      ]),
    )
  })

  it('every rule-level chunk conflict is reported, not just the first', () => {
    const p = problems({ source, exports: [exp({ mode: 'chunked', table: undefined, chunk_by_key: 'k', chunk_column: 'id', chunk_count: 2, chunk_dense: true })] })
    const messages = p.map((x) => x.message)
    expect(messages).toEqual(
      expect.arrayContaining([
        'chunk_by_key and chunk_column are mutually exclusive',
        'chunk_by_key and chunk_dense are mutually exclusive',
        'chunk_by_key and chunk_count are mutually exclusive',
        expect.stringContaining('chunk_by_key needs the `table:` shortcut'),
        expect.stringContaining('chunk_count and chunk_dense are mutually exclusive'),
      ]),
    )
  })

  it('endpoint on a loopback host or with allow_anonymous is allowed', () => {
    const s3 = (d: Record<string, unknown>): unknown => ({ source, exports: [exp({ destination: { type: 's3', bucket: 'b', ...d } })] })
    expect(problems(s3({ endpoint: 'http://127.0.0.1:9000' }))).toEqual([])
    expect(problems(s3({ endpoint: 'https://minio.example.com', allow_anonymous: true }))).toEqual([])
    expect(problems(s3({ endpoint: 'https://minio.example.com' }))[0]?.path).toBe('exports[0].destination.endpoint')
  })
})

describe('columns type pattern (C25)', () => {
  it('the spelling list agrees with parseColumnOverride', () => {
    expect(spellingsAgreeWithParser()).toBe(true)
  })
  it.each(['int8', 'BIGINT', 'double  precision', 'Timestamp With Time Zone', 'decimal(18,2)', 'NUMERIC( 76 , 0 )', 'uuid'])('%s matches and parses', (s) => {
    expect(new RegExp(columnTypePattern()).test(s)).toBe(true)
    expect(parseColumnOverride(s).ok).toBe(true)
  })
  it.each(['money', 'decimal(77,2)', 'decimal(0,0)', 'decimal(10)', 'int 8'])('%s neither matches nor parses', (s) => {
    expect(new RegExp(columnTypePattern()).test(s)).toBe(false)
    expect(parseColumnOverride(s).ok).toBe(false)
  })
})
