import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FakeGcsObjects, multipartBodies, objectResource, type FakeGcsFaults } from './fake-gcs-objects.js'

export interface FakeGcsHandle {
  /** `apiEndpoint` for `@google-cloud/storage`. */
  readonly endpoint: string
  readonly store: FakeGcsObjects
  readonly faults: FakeGcsFaults
  /** Requests served, for "not retried" assertions. */
  requests: number
  close(): Promise<void>
}

const PAGE_SIZE = 100

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

function apiError(res: ServerResponse, status: number, message: string): void {
  json(res, status, { error: { code: status, message, errors: [{ message, reason: status === 404 ? 'notFound' : 'invalid' }] } })
}

/**
 * A small GCS JSON-API server (node:http, 127.0.0.1, random port) for the real
 * `@google-cloud/storage` client: simple/multipart and resumable uploads, object
 * metadata, paged listing, media download with Range, delete. md5Hash/crc32c are
 * computed from the stored bytes; `faults` injects a wrong MD5 or auth refusals.
 */
export async function startFakeGcs(buckets: readonly string[] = []): Promise<FakeGcsHandle> {
  const store = new FakeGcsObjects()
  for (const b of buckets) store.buckets.add(b)
  const faults: FakeGcsFaults = { wrongMd5: false, rejectAuth: false }
  let endpoint = ''
  const handle: FakeGcsHandle = { endpoint: '', store, faults, requests: 0, close: () => Promise.resolve() }

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    handle.requests++
    if (faults.rejectAuth) { apiError(res, 401, 'Anonymous caller does not have storage.objects.create access'); return; }
    const url = new URL(req.url ?? '/', endpoint)
    const path = url.pathname.replace(/^\/download/, '')
    const session = url.searchParams.get('upload_id')
    if (session !== null) return resumablePut(req, res, session)
    const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(path)
    if (upload?.[1] !== undefined && req.method === 'POST') return startUpload(req, res, decodeURIComponent(upload[1]), url)
    const obj = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(path)
    if (obj?.[1] !== undefined && obj[2] !== undefined) return objectRequest(req, res, decodeURIComponent(obj[1]), decodeURIComponent(obj[2]), url)
    const list = /^\/storage\/v1\/b\/([^/]+)\/o$/.exec(path)
    if (list?.[1] !== undefined && req.method === 'GET') { listObjects(res, decodeURIComponent(list[1]), url); return; }
    apiError(res, 400, `fake-gcs: unsupported ${req.method ?? ''} ${path}`)
  }

  const startUpload = async (req: IncomingMessage, res: ServerResponse, bucket: string, url: URL): Promise<void> => {
    const body = await readBody(req)
    if (!store.buckets.has(bucket)) { apiError(res, 404, `bucket ${bucket} not found`); return; }
    const type = url.searchParams.get('uploadType')
    if (type === 'resumable') {
      const meta = body.length > 0 ? (JSON.parse(body.toString('utf8')) as { name?: string; contentType?: string }) : {}
      const name = url.searchParams.get('name') ?? meta.name ?? ''
      const id = store.openSession(bucket, name, meta.contentType ?? 'application/octet-stream')
      res.writeHead(200, { location: `http://${req.headers.host ?? endpoint.slice('http://'.length)}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?uploadType=resumable&upload_id=${id}` }).end()
      return
    }
    const ct = req.headers['content-type'] ?? ''
    let data = body
    let meta: { name?: string; contentType?: string } = {}
    if (ct.startsWith('multipart/')) {
      const [metaPart, media] = multipartBodies(body, ct)
      meta = JSON.parse(metaPart?.toString('utf8') ?? '{}') as typeof meta
      data = media ?? Buffer.alloc(0)
    }
    const name = url.searchParams.get('name') ?? meta.name ?? ''
    json(res, 200, objectResource(store.put(bucket, name, data, meta.contentType), faults))
  }

  const resumablePut = async (req: IncomingMessage, res: ServerResponse, id: string): Promise<void> => {
    const s = store.sessions.get(id)
    if (s === undefined) { apiError(res, 404, 'no such upload session'); return; }
    if (req.method === 'DELETE') {
      store.sessions.delete(id)
      res.writeHead(499).end()
      return
    }
    const range = /bytes (\*|(\d+)-(\d+|\*))\/(\*|\d+)/.exec(req.headers['content-range'] ?? '')
    const body = await readBody(req)
    s.chunks.push(body)
    s.received += body.length
    const total = range?.[4] === undefined || range[4] === '*' ? undefined : Number(range[4])
    const statusQuery = range?.[1] === '*'
    // A request whose range is open-ended (`0-*`) carries the rest of the object.
    const done = total !== undefined ? s.received >= total : !statusQuery && range?.[3] === '*'
    if (!done) {
      res.writeHead(308, s.received > 0 ? { range: `bytes=0-${String(s.received - 1)}` } : {}).end()
      return
    }
    store.sessions.delete(id)
    json(res, 200, objectResource(store.put(s.bucket, s.name, Buffer.concat(s.chunks), s.contentType), faults))
  }

  const objectRequest = async (req: IncomingMessage, res: ServerResponse, bucket: string, name: string, url: URL): Promise<void> => {
    await readBody(req)
    const o = store.get(bucket, name)
    if (req.method === 'DELETE') {
      if (!store.delete(bucket, name)) { apiError(res, 404, `No such object: ${bucket}/${name}`); return; }
      res.writeHead(204).end()
      return
    }
    if (o === undefined) { apiError(res, 404, `No such object: ${bucket}/${name}`); return; }
    const meta = objectResource(o, faults)
    if (url.searchParams.get('alt') !== 'media') { json(res, 200, meta); return; }
    const headers = { 'content-type': o.contentType, 'x-goog-hash': `crc32c=${meta.crc32c ?? ''},md5=${meta.md5Hash ?? ''}`, 'x-goog-generation': o.generation }
    const r = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '')
    if (r?.[1] === undefined) {
      res.writeHead(200, { ...headers, 'content-length': String(o.data.length) }).end(o.data)
      return
    }
    const start = Number(r[1])
    const end = r[2] === undefined || r[2] === '' ? o.data.length - 1 : Math.min(Number(r[2]), o.data.length - 1)
    res.writeHead(206, { ...headers, 'content-range': `bytes ${String(start)}-${String(end)}/${String(o.data.length)}` }).end(o.data.subarray(start, end + 1))
  }

  const listObjects = (res: ServerResponse, bucket: string, url: URL): void => {
    if (!store.buckets.has(bucket)) { apiError(res, 404, `bucket ${bucket} not found`); return; }
    const all = store.list(bucket, url.searchParams.get('prefix') ?? '')
    const from = Number(url.searchParams.get('pageToken') ?? '0')
    const size = Math.min(Number(url.searchParams.get('maxResults') ?? PAGE_SIZE), PAGE_SIZE)
    const page = all.slice(from, from + size)
    const next = from + size < all.length ? { nextPageToken: String(from + size) } : {}
    json(res, 200, { kind: 'storage#objects', items: page.map((o) => objectResource(o, faults)), ...next })
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) apiError(res, 500, err instanceof Error ? err.message : String(err))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`
  return Object.assign(handle, {
    endpoint,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => { resolve(); }))
    },
  })
}
