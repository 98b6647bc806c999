import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import {
  DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client,
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import type { ObjectMeta } from '../destination.js'
import { classifyFailure } from '../cloud/failure-kind.js'
import type { LocalDigest, ObjectStore, StoredObject } from '../cloud/object-store.js'
import { md5FromPutEtag } from './s3-etag.js'
import { S3_SINGLE_PUT_MAX_BYTES, s3PartSize } from './s3-part-size.js'

/** Multipart parts in flight per upload. */
const QUEUE_SIZE = 4

/** S3 (and S3-compatible) object store over AWS SDK v3 (H04). */
export class S3Store implements ObjectStore {
  readonly label = 'S3'
  readonly scheme = 's3'
  readonly bucket: string
  readonly authHint =
    'check the credentials (`access_key_env`/`secret_key_env`, `aws_profile` or the AWS default chain) and that they grant s3:PutObject, s3:GetObject, s3:ListBucket, s3:DeleteObject and s3:AbortMultipartUpload on the bucket'
  readonly #client: S3Client

  constructor(client: S3Client, bucket: string) {
    this.#client = client
    this.bucket = bucket
  }

  async uploadFile(key: string, path: string, local: LocalDigest): Promise<StoredObject> {
    if (local.sizeBytes <= S3_SINGLE_PUT_MAX_BYTES) return this.putObject(key, await readFile(path), local)
    const upload = new Upload({
      client: this.#client,
      params: { Bucket: this.bucket, Key: key, Body: createReadStream(path), ContentLength: local.sizeBytes },
      partSize: s3PartSize(local.sizeBytes),
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false, // a failed upload is aborted: no orphaned parts
    })
    await upload.done()
    // A multipart ETag is not an MD5; the size is what can be compared.
    return { sizeBytes: await this.#headSize(key) }
  }

  async putObject(key: string, bytes: Uint8Array, local: LocalDigest): Promise<StoredObject> {
    const out = await this.#client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentMD5: local.md5Base64, ContentLength: bytes.byteLength }),
    )
    const md5Base64 = md5FromPutEtag(out)
    return { sizeBytes: await this.#headSize(key), ...(md5Base64 === undefined ? {} : { md5Base64 }) }
  }

  async getObject(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.#client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))
      return out.Body === undefined ? new Uint8Array() : await out.Body.transformToByteArray()
    } catch (err) {
      if (classifyFailure(err) === 'not-found' || (err instanceof Error && err.name === 'NoSuchKey')) return undefined
      throw err
    }
  }

  async list(prefix: string): Promise<ObjectMeta[]> {
    const out: ObjectMeta[] = []
    let token: string | undefined
    do {
      const page = await this.#client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(token === undefined ? {} : { ContinuationToken: token }) }),
      )
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined) continue
        // No md5Base64: a listing cannot tell an MD5 ETag from an SSE-KMS one that only looks alike.
        out.push({ key: o.Key, sizeBytes: o.Size ?? 0 })
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined
    } while (token !== undefined)
    return out
  }

  async deleteObject(key: string): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }))
  }

  async #headSize(key: string): Promise<number> {
    const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))
    return head.ContentLength ?? -1
  }
}
