import type { Writable } from 'node:stream'
import { type Data, type DataType, makeData, RecordBatch, type Schema, Struct, Table, tableToIPC, vectorFromArray } from 'apache-arrow'
import type * as parquet from 'parquet-wasm'
import { RivetError } from '../../errors/index.js'
import type { FormatWriter } from '../format.js'
import { assertBatchSchema } from '../schema-guard.js'
import { endStream, writeChunk, writeError } from '../write-chunk.js'
import { footerLength, parseFooter } from './parquet-footer.js'
import { parquetWasm } from './wasm.js'

type WasmBatch = parquet.RecordBatch

/** Output kept from the end of the stream so the footer can be checked without re-reading. */
const TAIL_BYTES = 1024 * 1024

interface Waiter {
  resolve(): void
  reject(err: Error): void
}

/**
 * Streams batches through parquet-wasm's `transformParquetStream` (G01). Each batch crosses
 * into wasm as Arrow IPC; the wasm writer encodes into the open row group and emits bytes
 * whenever a row group is flushed, so memory stays at one batch plus one row group. A batch
 * counts as written once the wasm side asks for the next one and its bytes reached `out`.
 */
export class ParquetWriter implements FormatWriter {
  readonly #schema: Schema
  readonly #out: Writable
  readonly #props: () => parquet.WriterProperties
  #controller: ReadableStreamDefaultController<WasmBatch> | undefined
  #pendingPull: (() => void) | undefined
  #demandWaiters: Waiter[] = []
  #started: Promise<void> | undefined
  #pump: Promise<void> | undefined
  #finished: Promise<void> | undefined
  #failure: Error | undefined
  #closedCleanly = false
  #outputReader: ReadableStreamDefaultReader<Uint8Array> | undefined
  #bytes = 0
  #rows = 0
  #tail: Uint8Array[] = []
  #tailBytes = 0

  constructor(schema: Schema, out: Writable, props: () => parquet.WriterProperties) {
    this.#schema = schema
    this.#out = out
    this.#props = props
    out.on('error', (err: unknown) => {
      this.#fail(writeError('parquet', err))
    })
    out.on('close', () => {
      if (!this.#closedCleanly) this.#fail(writeError('parquet', new Error('the output stream closed before the file was complete')))
    })
  }

  get bytesWritten(): number {
    return this.#bytes
  }

  get rowsWritten(): number {
    return this.#rows
  }

  async write(batch: RecordBatch): Promise<void> {
    this.#throwIfFailed()
    if (this.#finished !== undefined) throw new RivetError('RIVET_INTERNAL', 'parquet: write() after finish()')
    assertBatchSchema(this.#schema, batch.schema, 'parquet')
    if (batch.numRows === 0) return
    await this.#send(batch)
    this.#rows += batch.numRows
  }

  finish(): Promise<void> {
    this.#finished ??= this.#finishOnce()
    return this.#finished
  }

  async #finishOnce(): Promise<void> {
    this.#throwIfFailed()
    // a file with no rows still needs the schema: send one empty batch
    if (this.#started === undefined) await this.#send(emptyBatch(this.#schema))
    await this.#demand()
    const pull = this.#pendingPull
    this.#pendingPull = undefined
    this.#controller?.close()
    pull?.()
    await this.#pump
    this.#throwIfFailed()
    this.#checkFooter()
    this.#closedCleanly = true
    await endStream(this.#out, 'parquet')
  }

  async #send(batch: RecordBatch): Promise<void> {
    const table = parquetWasm().Table.fromIPCStream(tableToIPC(new Table([batch]), 'stream'))
    let pieces: WasmBatch[]
    try {
      pieces = table.recordBatches()
    } finally {
      table.free()
    }
    this.#start()
    for (const piece of pieces) {
      await this.#demand()
      const pull = this.#pendingPull
      this.#pendingPull = undefined
      this.#controller?.enqueue(piece)
      pull?.()
      await this.#started
    }
    // the wasm writer asks for the next batch once this one is encoded and any full row
    // group was flushed; a macrotask later the pump has counted those bytes
    await this.#demand()
    await new Promise<void>((resolve) => setImmediate(resolve))
    this.#throwIfFailed()
  }

  #start(): void {
    if (this.#started !== undefined) return
    const input = new ReadableStream<WasmBatch>(
      {
        start: (controller) => {
          this.#controller = controller
        },
        pull: () =>
          new Promise<void>((resolve) => {
            this.#pendingPull = resolve
            for (const w of this.#demandWaiters.splice(0)) w.resolve()
          }),
      },
      { highWaterMark: 0 },
    )
    this.#started = parquetWasm().transformParquetStream(input, this.#props()).then(
      (output) => {
        this.#pump = this.#drain(output as ReadableStream<Uint8Array>).catch((err: unknown) => {
          this.#fail(writeError('parquet', err))
        })
      },
      (err: unknown) => {
        this.#fail(
          new RivetError('RIVET_FORMAT_WRITE', 'parquet: the Parquet writer rejected the schema', {
            hint: 'a column type the writer cannot encode; run `rivet check --type-report`',
            cause: err,
          }),
        )
      },
    )
  }

  async #drain(output: ReadableStream<Uint8Array>): Promise<void> {
    const reader = output.getReader()
    this.#outputReader = reader
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      this.#bytes += value.length
      this.#keepTail(value)
      await writeChunk(this.#out, value, 'parquet')
    }
  }

  /** Resolves when the wasm writer is waiting for input (or rejects once anything failed). */
  #demand(): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure)
    if (this.#pendingPull !== undefined) return Promise.resolve()
    return new Promise<void>((resolve, reject) => {
      this.#demandWaiters.push({ resolve, reject })
    })
  }

  /** Keeps about the last TAIL_BYTES of output (copied, so a whole row group is not retained). */
  #keepTail(chunk: Uint8Array): void {
    if (chunk.length >= TAIL_BYTES) {
      this.#tail = [chunk.slice(chunk.length - TAIL_BYTES)]
      this.#tailBytes = TAIL_BYTES
      return
    }
    this.#tail.push(chunk)
    this.#tailBytes += chunk.length
    while (this.#tail.length > 1 && this.#tailBytes - (this.#tail[0]?.length ?? 0) >= TAIL_BYTES) {
      this.#tailBytes -= this.#tail.shift()?.length ?? 0
    }
  }

  /** parquet-wasm drops a batch it fails to encode without telling us; the footer would show it. */
  #checkFooter(): void {
    const tail = Buffer.concat(this.#tail)
    const len = footerLength(tail)
    if (len === undefined) throw new RivetError('RIVET_FORMAT_WRITE', 'parquet: the writer produced no footer')
    if (len + 8 > tail.length) return // footer larger than the kept tail: cannot check here
    const info = parseFooter(tail.subarray(tail.length - 8 - len, tail.length - 8))
    if (info.numRows !== this.#rows) {
      throw new RivetError(
        'RIVET_FORMAT_WRITE',
        `parquet: the file holds ${info.numRows} rows but ${this.#rows} were written`,
        { hint: 'the Parquet writer dropped a batch; re-run the export and report this' },
      )
    }
  }

  /**
   * Records the first failure and unblocks the wasm writer so its task ends and frees the
   * open row group: the input errors, the output is cancelled.
   */
  #fail(err: Error): void {
    if (this.#failure !== undefined) return
    this.#failure = err
    for (const w of this.#demandWaiters.splice(0)) w.reject(err)
    this.#controller?.error(err)
    const pull = this.#pendingPull
    this.#pendingPull = undefined
    pull?.()
    // a failed cancel is ignored on purpose: the writer already fails with `err`; this is cleanup
    this.#outputReader?.cancel(err).catch(() => undefined)
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure
  }
}

/** A 0-row batch of `schema` (every column type, lists included). */
function emptyBatch(schema: Schema): RecordBatch {
  const children = schema.fields.map((f) => vectorFromArray([], f.type as DataType).data[0] as Data)
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 0, nullCount: 0, children }))
}
