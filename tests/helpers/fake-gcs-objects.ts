import { createHash, randomUUID } from 'node:crypto'
import { CRC32C } from '@google-cloud/storage'

/** One stored object of the fake GCS server. */
export interface FakeGcsObject {
  readonly bucket: string
  readonly name: string
  readonly data: Buffer
  readonly generation: string
  readonly contentType: string
  readonly updated: string
}

/** An in-progress resumable upload session. */
export interface FakeGcsSession {
  readonly bucket: string
  readonly name: string
  readonly contentType: string
  readonly chunks: Buffer[]
  received: number
}

/** Switches a test flips to inject store-side faults. */
export interface FakeGcsFaults {
  /** Report an MD5 that does not match the stored bytes. */
  wrongMd5: boolean
  /** Answer every request with 401. */
  rejectAuth: boolean
}

function crc32cOf(data: Buffer): string {
  const crc = new CRC32C()
  crc.update(data)
  return crc.toString()
}

/** The JSON resource GCS returns for an object (`storage#object`). */
export function objectResource(o: FakeGcsObject, faults: FakeGcsFaults): Record<string, string> {
  const md5 = createHash('md5').update(o.data).digest('base64')
  const wrong = createHash('md5').update(o.data).update('tampered').digest('base64')
  return {
    kind: 'storage#object',
    id: `${o.bucket}/${o.name}/${o.generation}`,
    name: o.name,
    bucket: o.bucket,
    generation: o.generation,
    metageneration: '1',
    contentType: o.contentType,
    size: String(o.data.byteLength),
    md5Hash: faults.wrongMd5 ? wrong : md5,
    crc32c: crc32cOf(o.data),
    updated: o.updated,
    timeCreated: o.updated,
  }
}

/** In-memory buckets, objects and resumable sessions. */
export class FakeGcsObjects {
  readonly buckets = new Set<string>()
  readonly objects = new Map<string, FakeGcsObject>()
  readonly sessions = new Map<string, FakeGcsSession>()
  #generation = 1

  static id(bucket: string, name: string): string {
    return `${bucket}\n${name}`
  }

  put(bucket: string, name: string, data: Buffer, contentType = 'application/octet-stream'): FakeGcsObject {
    const o: FakeGcsObject = { bucket, name, data, contentType, generation: String(this.#generation++), updated: new Date().toISOString() }
    this.objects.set(FakeGcsObjects.id(bucket, name), o)
    return o
  }

  get(bucket: string, name: string): FakeGcsObject | undefined {
    return this.objects.get(FakeGcsObjects.id(bucket, name))
  }

  delete(bucket: string, name: string): boolean {
    return this.objects.delete(FakeGcsObjects.id(bucket, name))
  }

  /** Objects of `bucket` starting with `prefix`, sorted by name. */
  list(bucket: string, prefix: string): FakeGcsObject[] {
    return [...this.objects.values()].filter((o) => o.bucket === bucket && o.name.startsWith(prefix)).sort((a, b) => (a.name < b.name ? -1 : 1))
  }

  openSession(bucket: string, name: string, contentType: string): string {
    const id = randomUUID()
    this.sessions.set(id, { bucket, name, contentType, chunks: [], received: 0 })
    return id
  }
}

/** Splits a `multipart/related` body into its parts' bodies (headers dropped). */
export function multipartBodies(body: Buffer, contentType: string): Buffer[] {
  const m = /boundary="?([^";]+)"?/i.exec(contentType)
  if (m?.[1] === undefined) throw new Error('multipart body without boundary')
  const delimiter = Buffer.from(`--${m[1]}`)
  const out: Buffer[] = []
  let pos = body.indexOf(delimiter)
  while (pos !== -1) {
    const start = pos + delimiter.length
    if (body.subarray(start, start + 2).toString() === '--') break
    const next = body.indexOf(delimiter, start)
    if (next === -1) break
    const part = body.subarray(start, next)
    const headerEnd = part.indexOf('\r\n\r\n')
    out.push(part.subarray(headerEnd + 4, part.length - 2)) // drop the CRLF before the next delimiter
    pos = next
  }
  return out
}
