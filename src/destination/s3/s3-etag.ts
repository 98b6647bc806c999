import { hexMd5ToBase64 } from '../cloud/file-digest.js'

/** The parts of a PutObject response that say what its ETag is. */
export interface PutObjectEtagInfo {
  readonly ETag?: string | undefined
  readonly ServerSideEncryption?: string | undefined
  readonly SSECustomerAlgorithm?: string | undefined
}

/**
 * The object's MD5 (base64) from a single-PUT ETag, or `undefined` when the ETag is not
 * an MD5: SSE-KMS / DSSE-KMS and SSE-C objects get opaque ETags. S3 already verified the
 * body against our Content-MD5 in those cases.
 */
export function md5FromPutEtag(out: PutObjectEtagInfo): string | undefined {
  if (out.SSECustomerAlgorithm !== undefined) return undefined
  if (out.ServerSideEncryption !== undefined && out.ServerSideEncryption !== 'AES256') return undefined
  return hexMd5ToBase64(out.ETag)
}
