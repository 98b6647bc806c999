import { describe, expect, it } from 'vitest'
import { closestMatch } from '../../../src/config/index.js'
import { levenshtein } from '../../../src/config/suggest.js'
import { lineHasLeadingTab, unquotedBraceLines } from '../../../src/config/yaml-lints.js'
import { parseFileSize } from '../../../src/config/index.js'
import { endpointHost, isLoopbackHost } from '../../../src/config/rules/loopback.js'
import { hasParentComponent, isAbsolutePath } from '../../../src/config/rules/path-safety.js'

describe('closestMatch (C01)', () => {
  it('finds near typos, case-insensitively', () => {
    expect(levenshtein('paswword', 'password')).toBe(1)
    expect(closestMatch('acccess_key_env', ['access_key_env', 'secret_key_env', 'bucket'])).toBe('access_key_env')
    expect(closestMatch('BUCKET', ['bucket'])).toBe('bucket')
    expect(closestMatch('export', ['source', 'exports', 'parallel_exports'])).toBe('exports')
  })
  it('falls back to a containing key, and gives up when nothing is close', () => {
    expect(closestMatch('bucket_name', ['bucket', 'prefix'])).toBe('bucket')
    expect(closestMatch('totally_unrelated', ['a', 'b', 'c'])).toBeUndefined()
  })
})

describe('YAML lints', () => {
  it('detects a tab-indented line', () => {
    expect(lineHasLeadingTab('a:\n  b: 1\n \tc: 2\n', 3)).toBe(true)
    expect(lineHasLeadingTab('a:\tb\n', 1)).toBe(false)
    expect(lineHasLeadingTab('a: b\n', 9)).toBe(false)
  })
  it('finds unquoted brace values but not quoted ones, ${VAR} or comments', () => {
    const text = ['prefix: {partition}/x', 'path: "./{date}"', "p: '{x}'", 'u: ${HOME}/x', '# c: {x}', 'tls: {mode: disable}'].join('\n')
    expect(unquotedBraceLines(text)).toEqual([1, 6])
  })
})

describe('parseFileSize (C21)', () => {
  it.each([
    ['512MB', 512 * 1024 ** 2],
    ['1.5GB', 1.5 * 1024 ** 3],
    ['10KB', 10 * 1024],
    ['100B', 100],
    ['1048576', 1048576],
    [' 2 gb ', 2 * 1024 ** 3],
    [4096, 4096],
  ] as const)('%s → %d bytes', (text, bytes) => {
    expect(parseFileSize(text)).toBe(bytes)
  })
  it.each(['', 'MB', '12 parsecs', '-1MB', '1TB', '0', '0.1B', 1.5, 0])('%s is invalid', (text) => {
    expect(parseFileSize(text)).toBeUndefined()
  })
})

describe('endpoint and path safety', () => {
  it('parses endpoint hosts and recognises loopback', () => {
    expect(endpointHost('http://user@127.0.0.1:9000/x')).toBe('127.0.0.1')
    expect(endpointHost('http://[::1]:10000')).toBe('::1')
    expect(endpointHost('not a url')).toBeUndefined()
    for (const h of ['localhost', '127.0.0.1', '127.8.9.10', '::1', '[::1]']) expect(isLoopbackHost(h)).toBe(true)
    for (const h of ['postgres', '10.0.0.1', 's3.amazonaws.com', '128.0.0.1']) expect(isLoopbackHost(h)).toBe(false)
  })
  it('detects .. components and absolute paths', () => {
    expect(hasParentComponent('a/../b')).toBe(true)
    expect(hasParentComponent('..')).toBe(true)
    expect(hasParentComponent('a..b/c')).toBe(false)
    expect(isAbsolutePath('/etc/passwd')).toBe(true)
    expect(isAbsolutePath('C:\\x')).toBe(true)
    expect(isAbsolutePath('sql/q.sql')).toBe(false)
  })
})
