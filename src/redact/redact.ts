/**
 * Credential redaction (A07, W01). Applied to every error, log line, summary and artifact
 * before it leaves the process.
 *
 * Three layers:
 *  1. `scheme://user:pass@host` → `scheme://REDACTED@host` (the last `@` of the authority
 *     wins, so passwords containing `@` are covered).
 *  2. `password=…` / `pwd=…` pairs in query strings and ADO-style connection strings.
 *  3. Exact secret values the process resolved itself (`password_env`, `url_env`, …),
 *     registered with {@link registerSecret}, wherever they appear.
 */

const SECRETS = new Set<string>()
/** Very short values would redact ordinary words; such secrets are still covered by layers 1–2. */
const MIN_SECRET_LENGTH = 4

/** Remember a secret value the process holds so any later text containing it is redacted. */
export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= MIN_SECRET_LENGTH) SECRETS.add(value)
}

/** Test hook: forget registered secrets. */
export function clearRegisteredSecrets(): void {
  SECRETS.clear()
}

const SCHEME_START = /[A-Za-z][A-Za-z0-9+.-]*:\/\//g
const KEY_VALUE_SECRET = /\b(password|passwd|pwd|sas_token|sig|secret|access_key|account_key)=([^;&\s'"]*)/gi

export function redactSecrets(text: string): string {
  let out = redactUrlUserinfo(text)
  out = out.replace(KEY_VALUE_SECRET, (_m, key: string) => `${key}=REDACTED`)
  for (const secret of SECRETS) {
    if (out.includes(secret)) out = out.split(secret).join('REDACTED')
    const encoded = encodeURIComponent(secret)
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join('REDACTED')
  }
  return out
}

function redactUrlUserinfo(text: string): string {
  if (!text.includes('://')) return text
  let out = ''
  let copiedTo = 0
  for (const match of text.matchAll(SCHEME_START)) {
    const schemeEnd = match.index + match[0].length
    if (match.index < copiedTo) continue
    let lastAt = -1
    let k = schemeEnd
    for (; k < text.length; k++) {
      const ch = text.charCodeAt(k)
      if (ch === 0x40 /* @ */) lastAt = k
      else if (ch === 0x2f || ch === 0x3f || ch === 0x23 || isWhitespace(ch)) break
    }
    if (lastAt < 0 || !text.slice(schemeEnd, lastAt).includes(':')) continue
    out += text.slice(copiedTo, schemeEnd) + 'REDACTED'
    copiedTo = lastAt
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo)
}

function isWhitespace(ch: number): boolean {
  return ch === 0x20 || (ch >= 0x09 && ch <= 0x0d)
}

/** Redact every string inside a JSON-like value (artifacts, summaries, journals). */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v)) as T
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v)
    return out as T
  }
  return value
}
