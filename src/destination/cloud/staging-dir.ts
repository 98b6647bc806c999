import { mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Where staged parts for cloud uploads live until uploaded: `<os tmpdir>/rivet-staging/<pid>`. */
export function stagingDirectory(): string {
  return join(tmpdir(), 'rivet-staging', String(process.pid))
}

/** A fresh temp path for one staged part; the file itself is created by the writer. */
export async function stagingPath(hint: string): Promise<string> {
  const dir = stagingDirectory()
  await mkdir(dir, { recursive: true })
  const safe = hint.replace(/[^A-Za-z0-9._-]/g, '_')
  const unique = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
  return join(dir, `${safe}.${unique}.tmp`)
}

export async function removeStaged(path: string): Promise<void> {
  await rm(path, { force: true })
}
