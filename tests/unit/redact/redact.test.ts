import { afterEach, describe, expect, it } from 'vitest'
import { clearRegisteredSecrets, redactDeep, redactSecrets, registerSecret, sanitizeTerminal } from '../../../src/redact/index.js'

describe('redactSecrets (A07)', () => {
  afterEach(() => {
    clearRegisteredSecrets()
  })

  it('rewrites postgres userinfo with a password', () => {
    const out = redactSecrets('connection failed to postgresql://alice:s3cret@db.prod:5432/orders: timeout')
    expect(out).toBe('connection failed to postgresql://REDACTED@db.prod:5432/orders: timeout')
  })

  it('handles @ inside the password (last @ of the authority wins)', () => {
    expect(redactSecrets('mysql://root:p@ss@w0rd@10.0.0.5:3306/billing')).toBe('mysql://REDACTED@10.0.0.5:3306/billing')
  })

  it('keeps user@host without a password, plain emails and non-ASCII text', () => {
    expect(redactSecrets('postgresql://alice@db:5432/x')).toBe('postgresql://alice@db:5432/x')
    expect(redactSecrets('user alice@example.com — ошибка')).toBe('user alice@example.com — ошибка')
  })

  it('is idempotent and handles several URLs in one string', () => {
    const once = redactSecrets('a postgres://u:p1@h1/x and mysql://v:p2@h2/y')
    expect(once).toBe('a postgres://REDACTED@h1/x and mysql://REDACTED@h2/y')
    expect(redactSecrets(once)).toBe(once)
  })

  it('redacts password pairs in query strings and ADO connection strings', () => {
    expect(redactSecrets('sqlserver://h:1433;user=sa;password=Hunter2!;database=x')).toBe('sqlserver://h:1433;user=sa;password=REDACTED;database=x')
    expect(redactSecrets('postgres://h/db?sslmode=require&password=abc')).toBe('postgres://h/db?sslmode=require&password=REDACTED')
  })

  it('redacts registered secret values wherever they appear, also URL-encoded', () => {
    registerSecret('p@ss word!')
    expect(redactSecrets('auth failed for p@ss word! on host')).toBe('auth failed for REDACTED on host')
    expect(redactSecrets('x=p%40ss%20word!')).toBe('x=REDACTED')
  })

  it('redactDeep walks objects and arrays', () => {
    expect(redactDeep({ a: ['postgres://u:pw@h/db'], n: 1, b: null })).toEqual({ a: ['postgres://REDACTED@h/db'], n: 1, b: null })
  })
})

describe('sanitizeTerminal (A08)', () => {
  it('escapes C0 (except TAB/LF), DEL and C1 controls', () => {
    expect(sanitizeTerminal('ok\tline\nnext')).toBe('ok\tline\nnext')
    expect(sanitizeTerminal('\u001b[31mred\u001b]0;title\u0007')).toBe('\\u{1b}[31mred\\u{1b}]0;title\\u{07}')
    expect(sanitizeTerminal('a\u007fb\u009bc\rd')).toBe('a\\u{7f}b\\u{9b}c\\u{0d}d')
  })
})
