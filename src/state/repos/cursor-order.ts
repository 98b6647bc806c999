const INTEGER = /^[+-]?\d+$/
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i

/**
 * True when cursor `next` is strictly past `stored`. Cursors are stored as text but are
 * often numeric, so integers compare exactly (BigInt), then floats; otherwise byte order,
 * which is right for RFC 3339 timestamps, ISO dates and UUIDv7 keys ("1000" > "999").
 */
export function cursorAdvances(stored: string, next: string): boolean {
  if (INTEGER.test(stored) && INTEGER.test(next)) return BigInt(next) > BigInt(stored)
  if (FLOAT.test(stored) && FLOAT.test(next)) {
    const a = Number(stored.replace(/inf(inity)?/i, 'Infinity'))
    const b = Number(next.replace(/inf(inity)?/i, 'Infinity'))
    if (!Number.isNaN(a) && !Number.isNaN(b)) return b > a
  }
  return Buffer.compare(Buffer.from(next, 'utf8'), Buffer.from(stored, 'utf8')) > 0
}
