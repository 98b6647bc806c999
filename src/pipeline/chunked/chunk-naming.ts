import { randomBytes } from 'node:crypto'

/**
 * G04 chunk file names: `<export>_<ts>_chunk<i>_<16 hex random>.<ext>`; a chunk rotated by
 * `max_file_size` gets `_p<k>` (k from 0) before the extension on every part. The random
 * nonce makes names collision-proof across runs in the same second.
 */
export function chunkFileName(exportName: string, ts: string, chunkIndex: number, nonce: string, ext: string, part: number, parts: number): string {
  const stem = `${exportName}_${ts}_chunk${chunkIndex}_${nonce}`
  return parts > 1 ? `${stem}_p${part}.${ext}` : `${stem}.${ext}`
}

/** 16 lowercase hex digits from the CSPRNG. */
export function chunkNonce(): string {
  return randomBytes(8).toString('hex')
}
