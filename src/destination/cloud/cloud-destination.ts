import { RivetError } from '../../errors/index.js'
import { logger } from '../../log/index.js'
import type { DestinationType } from '../../plan/run-plan.js'
import type { Destination, ObjectMeta, StagedFile, WriteOutcome } from '../destination.js'
import { CLOUD_CAPABILITIES } from './cloud-capabilities.js'
import { toDestinationError } from './cloud-error.js'
import { bytesDigest, fileDigest } from './file-digest.js'
import { cloudBaseUri, normalizePrefix, objectKey } from './object-key.js'
import type { LocalDigest, ObjectStore, StoredObject } from './object-store.js'
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from './retry.js'
import { removeStaged, stagingPath } from './staging-dir.js'

/**
 * One destination over any {@link ObjectStore} (H03). Staged parts are written to the
 * local temp dir and uploaded on `commit`; every request is retried on transient
 * failures, mapped to coded errors, and every upload is checked against the local size
 * and MD5 (H08) — a mismatching object is removed, never left under its final name.
 */
export class CloudDestination implements Destination {
  readonly kind: DestinationType
  readonly capabilities = CLOUD_CAPABILITIES
  readonly baseUri: string
  readonly #store: ObjectStore
  readonly #prefix: string
  readonly #retry: RetryPolicy
  readonly #log = logger('rivet::destination')

  constructor(kind: DestinationType, store: ObjectStore, prefix: string | undefined, retry: RetryPolicy = DEFAULT_RETRY_POLICY) {
    this.kind = kind
    this.#store = store
    this.#prefix = normalizePrefix(prefix)
    this.#retry = retry
    this.baseUri = cloudBaseUri(store.scheme, store.bucket, this.#prefix)
  }

  /** Full object key of a file name under this destination's prefix. */
  keyOf(fileName: string): string {
    return objectKey(this.#prefix, fileName)
  }

  async stage(hint: string): Promise<StagedFile> {
    const path = await stagingPath(hint)
    let done = false
    return {
      path,
      commit: async (fileName: string): Promise<WriteOutcome> => {
        try {
          const local = await fileDigest(path)
          const outcome = await this.#write(fileName, local, (key) => this.#store.uploadFile(key, path, local))
          done = true
          return outcome
        } finally {
          await removeStaged(path)
        }
      },
      abort: async (): Promise<void> => {
        if (!done) await removeStaged(path)
      },
    }
  }

  async putBytes(fileName: string, bytes: Uint8Array): Promise<WriteOutcome> {
    const local = bytesDigest(bytes)
    return this.#write(fileName, local, (key) => this.#store.putObject(key, bytes, local))
  }

  async getBytes(fileName: string): Promise<Uint8Array | undefined> {
    const key = this.keyOf(fileName)
    return this.#call(`download of '${key}'`, () => this.#store.getObject(key))
  }

  /** Objects under the prefix, keys relative to it, sorted. */
  async listPrefix(): Promise<ObjectMeta[]> {
    const all = await this.#call(`listing of '${this.baseUri}'`, () => this.#store.list(this.#prefix))
    return all
      .filter((o) => o.key.startsWith(this.#prefix) && o.key.length > this.#prefix.length)
      .map((o) => ({ ...o, key: o.key.slice(this.#prefix.length) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  async delete(fileName: string): Promise<void> {
    const key = this.keyOf(fileName)
    await this.#call(`delete of '${key}'`, () => this.#store.deleteObject(key))
  }

  async #write(fileName: string, local: LocalDigest, upload: (key: string) => Promise<StoredObject>): Promise<WriteOutcome> {
    const key = this.keyOf(fileName)
    const started = performance.now()
    const stored = await this.#call(`upload of '${key}'`, () => upload(key))
    await this.#verify(key, local, stored)
    const uri = `${this.#store.scheme}://${this.#store.bucket}/${key}`
    this.#log.info({ uri, bytes: local.sizeBytes, ms: Math.round(performance.now() - started) }, `uploaded ${uri} (${String(local.sizeBytes)} bytes)`)
    return { uri, key: fileName, sizeBytes: stored.sizeBytes, ...(stored.md5Base64 === undefined ? {} : { storeMd5Base64: stored.md5Base64 }) }
  }

  async #verify(key: string, local: LocalDigest, stored: StoredObject): Promise<void> {
    const sizeBad = stored.sizeBytes !== local.sizeBytes
    const md5Bad = stored.md5Base64 !== undefined && stored.md5Base64 !== local.md5Base64
    if (!sizeBad && !md5Bad) return
    await this.#store.deleteObject(key).catch((err: unknown) => {
      this.#log.warn({ err }, `could not remove the mismatching object '${key}'`)
    })
    const what = sizeBad
      ? `the store reports ${String(stored.sizeBytes)} bytes, the local file has ${String(local.sizeBytes)}`
      : `the store reports MD5 ${stored.md5Base64 ?? ''}, the local file has ${local.md5Base64}`
    throw new RivetError('RIVET_DEST_INTEGRITY', `upload integrity check failed for ${this.#store.scheme}://${this.#store.bucket}/${key}: ${what}`, {
      hint: 'the object was removed; rerun the export — if it repeats, check proxies or gateways that rewrite uploads',
    })
  }

  async #call<T>(action: string, op: () => Promise<T>): Promise<T> {
    try {
      return await withRetry(op, this.#retry, {
        onRetry: (err, attempt, delayMs) => {
          this.#log.warn({ attempt, delayMs }, `${this.#store.label} ${action} failed (${err instanceof Error ? err.message : String(err)}); retrying`)
        },
      })
    } catch (err) {
      throw toDestinationError(err, this.#store.label, action, this.#store.authHint)
    }
  }
}
