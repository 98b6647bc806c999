import type { ContainerClient } from '@azure/storage-blob'
import type { ObjectMeta } from '../destination.js'
import { classifyFailure } from '../cloud/failure-kind.js'
import type { LocalDigest, ObjectStore, StoredObject } from '../cloud/object-store.js'

const MIB = 1024 * 1024
/** Blobs up to this size go up in one Put Blob (H03); larger ones as staged blocks. */
export const AZURE_SINGLE_PUT_MAX_BYTES = 64 * MIB
const MIN_BLOCK_BYTES = 8 * MIB
const MAX_BLOCKS = 50_000

/** Block size: at least 8 MiB, whole MiB, never more than 50,000 blocks. */
export function azureBlockSize(sizeBytes: number): number {
  return Math.max(MIN_BLOCK_BYTES, Math.ceil(Math.ceil(sizeBytes / MAX_BLOCKS) / MIB) * MIB)
}

function md5Of(bytes: Uint8Array | undefined): string | undefined {
  return bytes === undefined || bytes.byteLength === 0 ? undefined : Buffer.from(bytes).toString('base64')
}

/** Azure Blob Storage object store over `@azure/storage-blob` 12 (H06). */
export class AzureStore implements ObjectStore {
  readonly label = 'Azure'
  readonly scheme = 'az'
  readonly bucket: string
  readonly authHint =
    'check `account_name` with `account_key_env` or `sas_token_env`; a SAS token needs read, write, list, delete and create permissions on the container'
  readonly #container: ContainerClient

  constructor(container: ContainerClient) {
    this.#container = container
    this.bucket = container.containerName
  }

  async uploadFile(key: string, path: string, local: LocalDigest): Promise<StoredObject> {
    const blob = this.#container.getBlockBlobClient(key)
    await blob.uploadFile(path, {
      maxSingleShotSize: AZURE_SINGLE_PUT_MAX_BYTES,
      blockSize: azureBlockSize(local.sizeBytes),
      concurrency: 4,
      blobHTTPHeaders: { blobContentMD5: Buffer.from(local.md5Base64, 'base64'), blobContentType: 'application/octet-stream' },
    })
    return this.#stored(key)
  }

  async putObject(key: string, bytes: Uint8Array, local: LocalDigest): Promise<StoredObject> {
    const md5 = Buffer.from(local.md5Base64, 'base64')
    await this.#container.getBlockBlobClient(key).upload(bytes, bytes.byteLength, {
      blobHTTPHeaders: { blobContentMD5: md5, blobContentType: 'application/octet-stream' },
    })
    return this.#stored(key)
  }

  async getObject(key: string): Promise<Uint8Array | undefined> {
    try {
      return await this.#container.getBlobClient(key).downloadToBuffer()
    } catch (err) {
      if (classifyFailure(err) === 'not-found') return undefined
      throw err
    }
  }

  async list(prefix: string): Promise<ObjectMeta[]> {
    const out: ObjectMeta[] = []
    for await (const b of this.#container.listBlobsFlat({ prefix })) {
      const md5Base64 = md5Of(b.properties.contentMD5)
      out.push({ key: b.name, sizeBytes: b.properties.contentLength ?? 0, ...(md5Base64 === undefined ? {} : { md5Base64 }) })
    }
    return out
  }

  async deleteObject(key: string): Promise<void> {
    await this.#container.getBlobClient(key).deleteIfExists()
  }

  async #stored(key: string): Promise<StoredObject> {
    const props = await this.#container.getBlobClient(key).getProperties()
    const md5Base64 = md5Of(props.contentMD5)
    return { sizeBytes: props.contentLength ?? -1, ...(md5Base64 === undefined ? {} : { md5Base64 }) }
  }
}
