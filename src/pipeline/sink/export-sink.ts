import type { RecordBatch, Schema } from 'apache-arrow'
import type { Destination, StagedFile, WriteOutcome } from '../../destination/destination.js'
import { RivetError } from '../../errors/index.js'
import type { Format, FormatWriter } from '../../format/format.js'
import type { ContentHasher } from '../../manifest/hashing.js'
import { openHashingFile } from './hashing-file-writable.js'

/** A finished temp part, not yet visible at the destination. */
export interface FinishedPart {
  readonly staged: StagedFile
  readonly rows: number
  readonly bytes: number
  readonly fingerprint: string
  readonly md5Base64: string
}

export interface CommittedPart {
  readonly fileName: string
  readonly outcome: WriteOutcome
  readonly rows: number
  readonly bytes: number
  readonly fingerprint: string
  readonly md5Base64: string
}

interface OpenPart {
  readonly staged: StagedFile
  readonly writer: FormatWriter
  readonly hasher: ContentHasher
}

/**
 * Writes an export's batches into temp parts, rotating at `max_file_size` on batch
 * boundaries (G05). Nothing is visible at the destination until `commit` — quality gates
 * and `--validate` run on the finished temp parts in between (N02, G07).
 */
export class ExportSink {
  readonly #destination: Destination
  readonly #format: Format
  readonly #schema: Schema
  readonly #tempHint: string
  readonly #maxFileSizeBytes: number | undefined
  #open: OpenPart | undefined
  readonly #finished: FinishedPart[] = []
  #rows = 0

  constructor(opts: { destination: Destination; format: Format; schema: Schema; tempHint: string; maxFileSizeBytes: number | undefined }) {
    this.#destination = opts.destination
    this.#format = opts.format
    this.#schema = opts.schema
    this.#tempHint = opts.tempHint
    this.#maxFileSizeBytes = opts.maxFileSizeBytes
  }

  get rows(): number {
    return this.#rows
  }

  get bytes(): number {
    return this.#finished.reduce((n, p) => n + p.bytes, 0) + (this.#open?.writer.bytesWritten ?? 0)
  }

  get parts(): readonly FinishedPart[] {
    return this.#finished
  }

  async write(batch: RecordBatch): Promise<void> {
    const part = this.#open ?? (await this.#openPart())
    await part.writer.write(batch)
    this.#rows += batch.numRows
    if (this.#maxFileSizeBytes !== undefined && part.writer.bytesWritten >= this.#maxFileSizeBytes) await this.#closePart()
  }

  /** Closes the last part; a 0-row export still gets one (empty) file. */
  async finish(): Promise<readonly FinishedPart[]> {
    if (this.#open === undefined && this.#finished.length === 0) await this.#openPart()
    await this.#closePart()
    return this.#finished
  }

  /** Makes every finished part visible, in order, under `nameFor(index, total)`. */
  async commit(nameFor: (index: number, total: number) => string, onCommitted: (part: CommittedPart) => Promise<void>): Promise<CommittedPart[]> {
    const out: CommittedPart[] = []
    const total = this.#finished.length
    while (this.#finished.length > 0) {
      const part = this.#finished[0]
      if (part === undefined) break
      const fileName = nameFor(out.length, total)
      const outcome = await part.staged.commit(fileName)
      this.#finished.shift()
      if (outcome.storeMd5Base64 !== undefined && outcome.storeMd5Base64 !== part.md5Base64) {
        throw new RivetError('RIVET_DEST_INTEGRITY', `upload integrity check failed for '${fileName}': the store reports MD5 ${outcome.storeMd5Base64}, the local file has ${part.md5Base64}`)
      }
      const committed: CommittedPart = { fileName, outcome, rows: part.rows, bytes: part.bytes, fingerprint: part.fingerprint, md5Base64: part.md5Base64 }
      out.push(committed)
      await onCommitted(committed)
    }
    return out
  }

  /** Removes every temp part not yet committed. Safe to call more than once. */
  async abort(): Promise<void> {
    const open = this.#open
    this.#open = undefined
    if (open !== undefined) {
      await open.writer.finish().catch(() => undefined) // the part is discarded; only cleanup matters here
      await open.staged.abort()
    }
    const pending = this.#finished.splice(0)
    await Promise.allSettled(pending.map((p) => p.staged.abort()))
  }

  async #openPart(): Promise<OpenPart> {
    if (this.#destination.stage === undefined) throw new RivetError('RIVET_DEST_UNSUPPORTED', `destination '${this.#destination.kind}' cannot stage files`)
    const staged = await this.#destination.stage(`${this.#tempHint}.${this.#finished.length}`)
    try {
      const { stream, hasher } = await openHashingFile(staged.path)
      const writer = this.#format.createWriter(this.#schema, stream)
      this.#open = { staged, writer, hasher }
      return this.#open
    } catch (err) {
      await staged.abort()
      throw err
    }
  }

  async #closePart(): Promise<void> {
    const part = this.#open
    if (part === undefined) return
    this.#open = undefined
    await part.writer.finish()
    const { fingerprint, md5Base64 } = part.hasher.digest()
    this.#finished.push({ staged: part.staged, rows: part.writer.rowsWritten, bytes: part.hasher.bytes, fingerprint, md5Base64 })
  }
}
