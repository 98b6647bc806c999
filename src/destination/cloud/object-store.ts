import type { ObjectMeta } from '../destination.js'

/** What the store reports about an object right after it was written. */
export interface StoredObject {
  readonly sizeBytes: number
  /** Base64 MD5 as reported by the store, when it keeps one for this object. */
  readonly md5Base64?: string
}

/** Size and MD5 of the local bytes being uploaded. */
export interface LocalDigest {
  readonly sizeBytes: number
  readonly md5Base64: string
}

/**
 * The narrow per-store surface {@link CloudDestination} is built on. Keys are full
 * object keys (prefix already applied). Methods throw the SDK's own errors; retries,
 * error codes and integrity checks live in the shared layer, not here.
 */
export interface ObjectStore {
  /** Human label used in messages: `S3`, `GCS`, `Azure`. */
  readonly label: string
  /** URI scheme: `s3`, `gs`, `az`. */
  readonly scheme: string
  /** Bucket (or Azure container). */
  readonly bucket: string
  /** What to check when the store refuses the credentials (RIVET_DEST_AUTH hint). */
  readonly authHint: string
  /** Uploads a local file; multipart/resumable above the store's threshold. Must leave no partial upload behind on failure. */
  uploadFile(key: string, path: string, local: LocalDigest): Promise<StoredObject>
  /** Single-request upload of a small object. */
  putObject(key: string, bytes: Uint8Array, local: LocalDigest): Promise<StoredObject>
  /** `undefined` when the object does not exist. */
  getObject(key: string): Promise<Uint8Array | undefined>
  /** Every object under `prefix`, with full keys. */
  list(prefix: string): Promise<ObjectMeta[]>
  /** Deleting a missing object is not an error. */
  deleteObject(key: string): Promise<void>
}
