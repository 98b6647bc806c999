import { describe, expect, it } from 'vitest'
import { manifestSourceNames, schemaFingerprint, successMarkerBody } from '../../../src/manifest/manifest.js'
import { ContentHasher, xxh3Fingerprint } from '../../../src/manifest/hashing.js'
import { createHash } from 'node:crypto'

describe('manifest helpers (J01–J03)', () => {
  it('xxh3 fingerprints are 16 lowercase hex and stable', async () => {
    // Known XXH3-64 of the empty input (seed 0).
    expect(await xxh3Fingerprint('')).toBe('xxh3:2d06800538d394c2')
    expect(await xxh3Fingerprint('abc')).toMatch(/^xxh3:[0-9a-f]{16}$/)
  })
  it('streaming hasher equals one-shot xxh3 and md5', async () => {
    const h = await ContentHasher.create()
    h.update(Buffer.from('hello '))
    h.update(Buffer.from('world'))
    const d = h.digest()
    expect(d.fingerprint).toBe(await xxh3Fingerprint('hello world'))
    expect(d.md5Base64).toBe(createHash('md5').update('hello world').digest('base64'))
    expect(h.bytes).toBe(11)
  })
  it('schema fingerprint is order-independent; _SUCCESS body hashes the manifest bytes', async () => {
    const a = await schemaFingerprint([{ name: 'id', type: 'Int64' }, { name: 'n', type: 'Utf8' }])
    const b = await schemaFingerprint([{ name: 'n', type: 'Utf8' }, { name: 'id', type: 'Int64' }])
    expect(a).toBe(b)
    expect(await successMarkerBody(Buffer.from('{}'))).toBe(`${await xxh3Fingerprint('{}')}\n`)
  })
  it('splits schema.table export names', () => {
    expect(manifestSourceNames('public.orders')).toEqual({ schema: 'public', table: 'orders' })
    expect(manifestSourceNames('orders')).toEqual({ schema: null, table: 'orders' })
  })
})
