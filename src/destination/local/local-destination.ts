import { createReadStream, type Dirent } from 'node:fs'
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises'
import { basename, isAbsolute, join, normalize, resolve, sep } from 'node:path'
import { RivetError } from '../../errors/index.js'
import type { DestinationCapabilities, Destination, ObjectMeta, StagedFile, WriteOutcome } from '../destination.js'

export const LOCAL_CAPABILITIES = {
  commitProtocol: 'atomic',
  idempotentOverwrite: true,
  retrySafe: true,
  partialWriteRisk: false,
  supportsManifest: true,
} as const satisfies DestinationCapabilities

/**
 * Local directory destination (H02). Each file is written as the hidden temp
 * `.<name>.tmp` in the target directory and renamed into place, so a final name never
 * holds a half-written file. Relative paths resolve against the process CWD (C05).
 */
export class LocalDestination implements Destination {
  readonly kind = 'local'
  readonly capabilities = LOCAL_CAPABILITIES
  readonly baseUri: string
  readonly #dir: string

  constructor(configuredDir: string, cwd: string) {
    this.#dir = resolve(cwd, configuredDir)
    this.baseUri = `file://${configuredDir}`
  }

  get directory(): string {
    return this.#dir
  }

  #target(fileName: string): string {
    if (fileName.includes('\0') || isAbsolute(fileName) || normalize(fileName).split(sep).includes('..')) {
      throw new RivetError('RIVET_DEST_WRITE', `local destination: file name escapes the destination directory: '${fileName}'`)
    }
    return join(this.#dir, fileName)
  }

  async stage(hint: string): Promise<StagedFile> {
    await this.#ensureDir()
    const temp = this.#target(`.${hint}.tmp`)
    let committed = false
    return {
      path: temp,
      commit: async (fileName: string): Promise<WriteOutcome> => {
        const target = this.#target(fileName)
        try {
          await rename(temp, target)
        } catch (err) {
          throw new RivetError('RIVET_DEST_WRITE', `local destination: cannot move '${temp}' into place as '${target}'`, { cause: err })
        }
        committed = true
        const st = await stat(target)
        return { uri: `file://${target}`, key: fileName, sizeBytes: st.size }
      },
      abort: async (): Promise<void> => {
        if (!committed) await rm(temp, { force: true })
      },
    }
  }

  async putBytes(fileName: string, bytes: Uint8Array): Promise<WriteOutcome> {
    const target = this.#target(fileName)
    await this.#ensureDir()
    const temp = join(this.#dir, `.${basename(target)}.tmp`)
    try {
      const fh = await open(temp, 'w')
      try {
        await fh.writeFile(bytes)
        await fh.sync()
      } finally {
        await fh.close()
      }
      await rename(temp, target)
    } catch (err) {
      await rm(temp, { force: true })
      throw new RivetError('RIVET_DEST_WRITE', `local destination: cannot write '${target}'`, { cause: err })
    }
    return { uri: `file://${target}`, key: fileName, sizeBytes: bytes.byteLength }
  }

  async getBytes(fileName: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.#target(fileName))
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
      throw new RivetError('RIVET_DEST_WRITE', `local destination: cannot read '${fileName}' in '${this.#dir}'`, { cause: err })
    }
  }

  async listPrefix(): Promise<ObjectMeta[]> {
    let entries: Dirent[]
    try {
      entries = await readdir(this.#dir, { withFileTypes: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw err
    }
    // Sizes are read concurrently: a prefix that accumulates many runs' files is listed on every run.
    const names = entries.filter((e) => !e.name.startsWith('.') && (e.isFile() || e.isSymbolicLink())).map((e) => e.name).sort()
    const stats = await Promise.all(names.map((name) => stat(join(this.#dir, name))))
    const out: ObjectMeta[] = []
    names.forEach((name, i) => {
      const st = stats[i]
      if (st?.isFile() === true) out.push({ key: name, sizeBytes: st.size })
    })
    return out
  }

  async delete(fileName: string): Promise<void> {
    try {
      await rm(this.#target(fileName), { force: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return
      throw new RivetError('RIVET_DEST_WRITE', `local destination: cannot delete '${fileName}' in '${this.#dir}'`, { cause: err })
    }
  }

  /** Stream a committed file (validate / checksums). */
  openRead(fileName: string): NodeJS.ReadableStream {
    return createReadStream(this.#target(fileName))
  }

  async #ensureDir(): Promise<void> {
    try {
      await mkdir(this.#dir, { recursive: true })
    } catch (err) {
      throw new RivetError('RIVET_DEST_WRITE', `local destination: cannot create directory '${this.#dir}'`, {
        cause: err,
        hint: 'check `destination.path` and the permissions of its parent directory',
      })
    }
  }
}
