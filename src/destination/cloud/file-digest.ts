import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import type { LocalDigest } from './object-store.js'

/** Size and base64 MD5 of a file, streamed. */
export async function fileDigest(path: string): Promise<LocalDigest> {
  const hash = createHash('md5')
  let sizeBytes = 0
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer
    hash.update(buf)
    sizeBytes += buf.byteLength
  }
  return { sizeBytes, md5Base64: hash.digest('base64') }
}

export function bytesDigest(bytes: Uint8Array): LocalDigest {
  return { sizeBytes: bytes.byteLength, md5Base64: createHash('md5').update(bytes).digest('base64') }
}

/** `"d41d8cd9…"` (an S3 ETag or hex MD5) → base64; `undefined` when it is not a plain MD5. */
export function hexMd5ToBase64(etag: string | undefined): string | undefined {
  if (etag === undefined) return undefined
  const hex = etag.replace(/"/g, '').trim()
  return /^[0-9a-fA-F]{32}$/.test(hex) ? Buffer.from(hex, 'hex').toString('base64') : undefined
}
