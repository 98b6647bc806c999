import { readdir, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3'

interface S3rverInstance {
  getMiddleware(): (req: IncomingMessage, res: ServerResponse) => void
}
type S3rverCtor = new (opts: Record<string, unknown>) => S3rverInstance

const require = createRequire(import.meta.url)

/** Static credentials s3rver accepts. */
export const S3RVER_KEY = 'S3RVER'

export interface S3rverHandle {
  readonly endpoint: string
  readonly directory: string
  /** Where s3rver keeps in-progress multipart uploads of `bucket`. */
  uploadsDir(bucket: string): string
  /** Multipart uploads s3rver currently holds for `bucket`. */
  pendingUploadCount(bucket: string): Promise<number>
  createBucket(bucket: string): Promise<void>
  /** Stops the server; `keepData` leaves the directory for a restart (`startS3rver({ directory, port })`). */
  close(keepData?: boolean): Promise<void>
}

/**
 * s3rver in-process on 127.0.0.1 (random port), file-backed in a temp dir. s3rver lacks
 * AbortMultipartUpload, so this server implements it (drops the upload's parts) in front
 * of s3rver's own handler — the behaviour rivet's abort path relies on.
 */
export async function startS3rver(reuse?: { directory: string; port: number }): Promise<S3rverHandle> {
  const directory = reuse?.directory ?? (await mkdtemp(join(tmpdir(), 'rivet-s3rver-')))
  const S3rver = require('s3rver') as S3rverCtor
  const s3 = new S3rver({ directory, silent: true, vhostBuckets: false, resetOnClose: false })
  const handler = s3.getMiddleware()
  const uploadsDir = (bucket: string): string => join(directory, bucket, '._S3rver_uploads')
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const uploadId = url.searchParams.get('uploadId')
    if (req.method === 'DELETE' && uploadId !== null) {
      const bucket = url.pathname.split('/')[1] ?? ''
      // Parts cut off mid-stream may still be settling on disk: let them land, then drop the upload.
      const dir = join(uploadsDir(bucket), uploadId.replace(/[^A-Za-z0-9_-]/g, ''))
      void new Promise((resolve) => setTimeout(resolve, 200))
        .then(() => rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 }))
        .then(
          () => res.writeHead(204).end(),
          (err: unknown) => res.writeHead(500).end(String(err)),
        )
      return
    }
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(reuse?.port ?? 0, '127.0.0.1', resolve))
  const endpoint = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`
  return {
    endpoint,
    directory,
    uploadsDir,
    pendingUploadCount: async (bucket) => (await readdir(uploadsDir(bucket)).catch(() => [])).length,
    createBucket: async (bucket) => {
      const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY } })
      await client.send(new CreateBucketCommand({ Bucket: bucket }))
      client.destroy()
    },
    close: async (keepData = false) => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve()
        })
      })
      if (!keepData) await rm(directory, { recursive: true, force: true })
    },
  }
}
