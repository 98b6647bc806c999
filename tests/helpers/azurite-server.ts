import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob'

/** Azurite's well-known development account (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = 'devstoreaccount1'
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

export interface AzuriteHandle {
  /** Blob endpoint including the account path: `http://127.0.0.1:<port>/devstoreaccount1`. */
  readonly endpoint: string
  readonly process: ChildProcess
  createContainer(name: string): Promise<void>
  close(): Promise<void>
}

/**
 * Starts `azurite-blob` from node_modules on 127.0.0.1 with an OS-chosen port
 * (`--blobPort 0`; the real port is read from its startup line), in-memory, no telemetry.
 */
export async function startAzurite(): Promise<AzuriteHandle> {
  const bin = join(process.cwd(), 'node_modules', '.bin', 'azurite-blob')
  const child = spawn(bin, ['--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => {
      reject(new Error(`azurite did not start: ${out}`))
    }, 30_000)
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8')
      const m = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)
      if (m?.[1] !== undefined) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`azurite exited with ${String(code)}: ${out}`))
    })
  })
  child.stdout.resume()
  child.stderr.resume()
  const endpoint = `http://127.0.0.1:${String(port)}/${AZURITE_ACCOUNT}`
  return {
    endpoint,
    process: child,
    createContainer: async (name) => {
      const service = new BlobServiceClient(endpoint, new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY))
      await service.getContainerClient(name).createIfNotExists()
    },
    close: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => { resolve(); }))
      child.kill('SIGTERM')
      await exited
    },
  }
}
