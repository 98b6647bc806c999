import { createHash } from 'node:crypto'
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ProxiedRequest {
  readonly method: string
  readonly url: string
  /** Whether the request carried an `Authorization` header (signed). */
  readonly signed: boolean
}

/** What the proxy does to traffic; tests flip these between steps. */
export interface ProxyFaults {
  /** Kill the connection once a request has sent more than this many body bytes (a store dying mid-upload). */
  cutAfterBytes: number | undefined
  /** Replace the MD5 the store reports (`ETag`, `Content-MD5`, `x-ms-blob-content-md5`) with a wrong one. */
  wrongMd5: boolean
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  readonly requests: ProxiedRequest[]
  readonly faults: ProxyFaults
  close(): Promise<void>
}

const WRONG_MD5 = createHash('md5').update('not the uploaded bytes').digest()

function tamper(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out = { ...headers }
  if (typeof out.etag === 'string' && /^"?[0-9a-f]{32}"?$/i.test(out.etag)) out.etag = `"${WRONG_MD5.toString('hex')}"`
  if (out['content-md5'] !== undefined) out['content-md5'] = WRONG_MD5.toString('base64')
  return out
}

/**
 * A loopback HTTP proxy in front of an emulator: forwards every request untouched
 * (same Host header, so signatures stay valid), records it, and injects faults.
 */
export async function startFaultProxy(targetOrigin: string): Promise<FaultProxy> {
  const target = new URL(targetOrigin)
  const requests: ProxiedRequest[] = []
  const faults: ProxyFaults = { cutAfterBytes: undefined, wrongMd5: false }
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', signed: req.headers.authorization !== undefined })
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, faults.wrongMd5 ? tamper(up.headers) : up.headers)
        up.pipe(res)
      },
    )
    upstream.on('error', () => {
      req.socket.destroy()
    })
    let sent = 0
    req.on('data', (chunk: Buffer) => {
      sent += chunk.length
      if (faults.cutAfterBytes !== undefined && sent > faults.cutAfterBytes) {
        upstream.destroy()
        req.socket.destroy()
      }
    })
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    origin: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    requests,
    faults,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => { resolve(); }))
    },
  }
}
