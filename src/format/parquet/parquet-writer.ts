import type { Writable } from 'node:stream'
import { type Data, type DataType, makeData, RecordBatch, type Schema, Struct, Table, tableToIPC, vectorFromArray } from 'apache-arrow'
import { RivetError } from '../../errors/index.js'
import type { FormatWriter } from '../format.js'
import { assertBatchSchema } from '../schema-guard.js'
import { endStream, writeChunk, writeError } from '../write-chunk.js'
import type { EncoderOptions, FromEncoder } from './encoder.js'
import { type EncoderHost, type EncoderPlace, startEncoder } from './encoder-host.js'
import { dictionaryColumns } from './dictionary-choice.js'
import { OutputTail } from './output-tail.js'

/**
 * `auto`: a worker thread, started by the first batch (a file with no rows is written on the
 * main thread); `worker`: always a worker thread; `inline`: always the main thread.
 */
export type EncoderMode = 'auto' | 'worker' | 'inline'

/** The writer's settings; the columns to dictionary-encode are chosen from the first batch. */
export type WriterOptions = Omit<EncoderOptions, 'dictionaryColumns'>

/** Batches handed to the encoder and not yet taken: the one being encoded plus one queued. */
const MAX_IN_FLIGHT = 2

interface Waiter {
  resolve(): void
  reject(err: Error): void
}

/**
 * Streams batches through parquet-wasm (G01) running on a worker thread, so encoding overlaps
 * with reading the next batch. Each batch crosses as Arrow IPC (its buffer transferred); the
 * encoder posts back row groups as they are flushed and the footer at `finish()`, which are
 * written to `out` in order. `write()` resolves once the batch was handed over and at most one
 * other batch waits to be encoded, and earlier output reached `out` (backpressure honoured).
 */
export class ParquetWriter implements FormatWriter {
  readonly #schema: Schema
  readonly #out: Writable
  readonly #options: WriterOptions
  readonly #mode: EncoderMode
  readonly #tail = new OutputTail()
  #host: EncoderHost | undefined
  #inFlight = 0
  #creditWaiters: Waiter[] = []
  #doneWaiter: Waiter | undefined
  #writing: Promise<void> = Promise.resolve()
  #finishing = false
  #finished: Promise<void> | undefined
  #failure: Error | undefined
  #closedCleanly = false
  #bytes = 0
  #rows = 0

  constructor(schema: Schema, out: Writable, options: WriterOptions, mode: EncoderMode = 'auto') {
    this.#schema = schema
    this.#out = out
    this.#options = options
    this.#mode = mode
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

  /** Where the encoder runs, once it started (for tests and diagnostics). */
  get encoderPlace(): EncoderPlace | undefined {
    return this.#host?.place
  }

  async write(batch: RecordBatch): Promise<void> {
    this.#throwIfFailed()
    if (this.#finished !== undefined) throw new RivetError('RIVET_INTERNAL', 'parquet: write() after finish()')
    assertBatchSchema(this.#schema, batch.schema, 'parquet')
    if (batch.numRows === 0) return
    const ipc = toIPC(batch)
    this.#host ??= this.#start(this.#mode === 'inline' ? 'inline' : 'worker', dictionaryColumns(batch))
    await this.#credit()
    this.#send(ipc)
    await this.#writing
    this.#throwIfFailed()
    this.#rows += batch.numRows
  }

  finish(): Promise<void> {
    this.#finished ??= this.#finishOnce()
    return this.#finished
  }

  /** Stops the encoder (its thread is terminated, not reused); no footer is written. */
  async abort(): Promise<void> {
    this.#fail(new RivetError('RIVET_FORMAT_WRITE', 'parquet: the writer was aborted before the file was complete'))
    await this.#host?.close(false)
  }

  async #finishOnce(): Promise<void> {
    this.#throwIfFailed()
    if (this.#host === undefined) {
      // a file with no rows still needs the schema: send one empty batch
      this.#host = this.#start(this.#mode === 'worker' ? 'worker' : 'inline', [])
      this.#send(toIPC(emptyBatch(this.#schema)))
    }
    const host = this.#host
    this.#finishing = true
    host.ref()
    host.post({ kind: 'finish' })
    // `done` arrives as a message, so it cannot have come yet
    await new Promise<void>((resolve, reject) => {
      this.#doneWaiter = { resolve, reject }
    })
    await this.#writing
    this.#throwIfFailed()
    this.#tail.checkFooter(this.#rows)
    this.#closedCleanly = true
    await host.close(true)
    await endStream(this.#out, 'parquet')
  }

  #start(place: EncoderPlace, dictionaryColumns: readonly string[]): EncoderHost {
    let host: EncoderHost
    try {
      host = startEncoder(place, { ...this.#options, dictionaryColumns }, {
        message: (msg) => {
          this.#onMessage(msg)
        },
        crash: (err) => {
          this.#fail(
            new RivetError('RIVET_FORMAT_WRITE', 'parquet: the Parquet encoder thread stopped unexpectedly', {
              hint: 're-run the export; if it happens again, set RIVET_PARQUET_WORKER=0 and report it',
              cause: err,
            }),
          )
        },
      })
    } catch (err) {
      const failure = new RivetError('RIVET_FORMAT_WRITE', `parquet: could not start the Parquet encoder (${place})`, {
        hint: place === 'worker' ? 'set RIVET_PARQUET_WORKER=0 to encode on the main thread' : 'the parquet-wasm package may be damaged; reinstall rivet',
        cause: err,
      })
      this.#fail(failure)
      throw failure
    }
    this.#host = host
    return host
  }

  #send(ipc: Uint8Array): void {
    const host = this.#host
    if (host === undefined) throw new RivetError('RIVET_INTERNAL', 'parquet: the encoder has not started')
    this.#inFlight++
    host.ref()
    host.post({ kind: 'batch', ipc })
  }

  /** Resolves when fewer than MAX_IN_FLIGHT batches wait in the encoder (or rejects once anything failed). */
  #credit(): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure)
    if (this.#inFlight < MAX_IN_FLIGHT) return Promise.resolve()
    return new Promise<void>((resolve, reject) => {
      this.#creditWaiters.push({ resolve, reject })
    })
  }

  #onMessage(msg: FromEncoder): void {
    if (this.#failure !== undefined) return
    switch (msg.kind) {
      case 'chunk':
        this.#onChunk(msg.bytes)
        return
      case 'taken':
        this.#inFlight--
        if (this.#inFlight === 0 && !this.#finishing) this.#host?.unref()
        this.#creditWaiters.shift()?.resolve()
        return
      case 'spent':
        return // dropped here, so this thread's garbage collector frees it
      case 'done':
        this.#doneWaiter?.resolve()
        return
      case 'failed':
        this.#fail(encoderError(msg))
        return
    }
  }

  #onChunk(bytes: Uint8Array): void {
    this.#bytes += bytes.length
    this.#tail.keep(bytes)
    this.#writing = this.#writing.then(() => writeChunk(this.#out, bytes, 'parquet'))
    this.#writing.catch((err: unknown) => {
      this.#fail(writeError('parquet', err))
    })
  }

  /** Records the first failure, rejects everything waiting and stops the encoder (freeing its memory). */
  #fail(err: Error): void {
    if (this.#failure !== undefined) return
    this.#failure = err
    for (const w of this.#creditWaiters.splice(0)) w.reject(err)
    this.#doneWaiter?.reject(err)
    void this.#host?.close(false)
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure
  }
}

function encoderError(msg: Extract<FromEncoder, { kind: 'failed' }>): RivetError {
  const cause = new Error(msg.message)
  if (msg.stack !== undefined) cause.stack = msg.stack
  if (msg.stage === 'schema') {
    return new RivetError('RIVET_FORMAT_WRITE', 'parquet: the Parquet writer rejected the schema', {
      hint: 'a column type the writer cannot encode; run `rivet check --type-report`',
      cause,
    })
  }
  return writeError('parquet', cause)
}

function toIPC(batch: RecordBatch): Uint8Array {
  return tableToIPC(new Table([batch]), 'stream')
}

/** A 0-row batch of `schema` (every column type, lists included). */
function emptyBatch(schema: Schema): RecordBatch {
  const children = schema.fields.map((f) => vectorFromArray([], f.type as DataType).data[0] as Data)
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: 0, nullCount: 0, children }))
}
