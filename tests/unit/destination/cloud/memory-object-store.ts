import type { ObjectMeta } from '../../../../src/destination/destination.js'
import { bytesDigest } from '../../../../src/destination/cloud/file-digest.js'
import type { LocalDigest, ObjectStore, StoredObject } from '../../../../src/destination/cloud/object-store.js'
import { readFile } from 'node:fs/promises'

/** An in-memory store for exercising the shared cloud layer offline. */
export class MemoryObjectStore implements ObjectStore {
  readonly label = 'Mem'
  readonly scheme = 'mem'
  readonly bucket = 'bkt'
  readonly authHint = 'check the mem creds'
  readonly objects = new Map<string, Uint8Array>()
  /** Errors thrown by the next upload calls, in order. */
  readonly failures: Error[] = []
  /** Rewrites what the store reports after an upload. */
  report: (s: StoredObject) => StoredObject = (s) => s
  uploads = 0

  async uploadFile(key: string, path: string, _local: LocalDigest): Promise<StoredObject> {
    return this.putObject(key, await readFile(path))
  }

  putObject(key: string, bytes: Uint8Array): Promise<StoredObject> {
    this.uploads++
    const failure = this.failures.shift()
    if (failure !== undefined) return Promise.reject(failure)
    this.objects.set(key, bytes)
    const d = bytesDigest(bytes)
    return Promise.resolve(this.report({ sizeBytes: d.sizeBytes, md5Base64: d.md5Base64 }))
  }

  getObject(key: string): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.objects.get(key))
  }

  list(prefix: string): Promise<ObjectMeta[]> {
    return Promise.resolve([...this.objects].filter(([k]) => k.startsWith(prefix)).map(([key, b]) => ({ key, sizeBytes: b.byteLength })))
  }

  deleteObject(key: string): Promise<void> {
    this.objects.delete(key)
    return Promise.resolve()
  }
}
