import type { Bucket, File } from '@google-cloud/storage'
import { RivetError } from '../../errors/index.js'
import type { ObjectMeta } from '../destination.js'
import { classifyFailure } from '../cloud/failure-kind.js'
import type { LocalDigest, ObjectStore, StoredObject } from '../cloud/object-store.js'

/** Files above this size use a resumable upload session (H05). */
export const GCS_RESUMABLE_MIN_BYTES = 8 * 1024 * 1024

function stored(file: File): StoredObject {
  const size = Number(file.metadata.size ?? -1)
  const md5 = file.metadata.md5Hash
  return { sizeBytes: size, ...(typeof md5 === 'string' ? { md5Base64: md5 } : {}) }
}

/** The client's own end-to-end check failed: the object was already deleted by it. */
function integrityFailure(err: unknown, key: string): RivetError | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const code = (err as { code?: unknown }).code
  if (code !== 'FILE_NO_UPLOAD' && code !== 'FILE_NO_UPLOAD_DELETE') return undefined
  return new RivetError('RIVET_DEST_INTEGRITY', `upload integrity check failed for '${key}': the checksum GCS reports does not match the bytes sent`, {
    hint: 'the object was removed; rerun the export — if it repeats, check proxies that rewrite uploads',
    cause: err,
  })
}

/** Google Cloud Storage object store over `@google-cloud/storage` 7 (H05). */
export class GcsStore implements ObjectStore {
  readonly label = 'GCS'
  readonly scheme = 'gs'
  readonly bucket: string
  readonly authHint =
    'check `credentials_file` or the default credentials (`GOOGLE_APPLICATION_CREDENTIALS`, `gcloud auth application-default login`) and that they grant storage.objects.create/get/list/delete on the bucket'
  readonly #bucket: Bucket

  constructor(bucket: Bucket) {
    this.#bucket = bucket
    this.bucket = bucket.name
  }

  async uploadFile(key: string, path: string, local: LocalDigest): Promise<StoredObject> {
    try {
      const [file] = await this.#bucket.upload(path, {
        destination: key,
        resumable: local.sizeBytes > GCS_RESUMABLE_MIN_BYTES,
        validation: 'md5',
        metadata: { md5Hash: local.md5Base64, contentType: 'application/octet-stream' },
      })
      return stored(file)
    } catch (err) {
      throw integrityFailure(err, `gs://${this.bucket}/${key}`) ?? err
    }
  }

  async putObject(key: string, bytes: Uint8Array, local: LocalDigest): Promise<StoredObject> {
    const file = this.#bucket.file(key)
    try {
      await file.save(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
        resumable: false,
        validation: 'md5',
        metadata: { md5Hash: local.md5Base64, contentType: 'application/octet-stream' },
      })
    } catch (err) {
      throw integrityFailure(err, `gs://${this.bucket}/${key}`) ?? err
    }
    return stored(file)
  }

  async getObject(key: string): Promise<Uint8Array | undefined> {
    try {
      const [data] = await this.#bucket.file(key).download()
      return data
    } catch (err) {
      if (classifyFailure(err) === 'not-found') return undefined
      throw err
    }
  }

  async list(prefix: string): Promise<ObjectMeta[]> {
    const [files] = await this.#bucket.getFiles({ prefix, autoPaginate: true })
    return files.map((f) => {
      const md5 = f.metadata.md5Hash
      return { key: f.name, sizeBytes: Number(f.metadata.size ?? 0), ...(typeof md5 === 'string' ? { md5Base64: md5 } : {}) }
    })
  }

  async deleteObject(key: string): Promise<void> {
    await this.#bucket.file(key).delete({ ignoreNotFound: true })
  }
}
