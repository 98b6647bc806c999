import type * as ParquetWasm from 'parquet-wasm'
import type { Compression } from '../../plan/run-plan.js'

/** What the encoder needs to build parquet-wasm's writer properties (plain data: it crosses threads). */
export interface EncoderOptions {
  readonly compression: Compression
  readonly maxRowGroupSize: number
  readonly createdBy: string
  /** Columns to dictionary-encode (dictionary-choice.ts); every other column is written PLAIN. */
  readonly dictionaryColumns: readonly string[]
}

/** Main thread → encoder. `ipc` is one Arrow IPC stream (schema + batch); its buffer is transferred. */
export type ToEncoder = { readonly kind: 'batch'; readonly ipc: Uint8Array } | { readonly kind: 'finish' }

/**
 * Encoder → main thread, per batch: `spent` returns its IPC buffer once decoded into wasm memory,
 * `chunk`s as row groups are flushed, `taken` once the wasm writer asked for the next batch;
 * after `finish`, the footer `chunk`s and `done`.
 * `failed.stage` is `schema` when the writer rejected the schema, `encode` for anything later.
 */
export type FromEncoder =
  | { readonly kind: 'taken' }
  | { readonly kind: 'spent'; readonly ipc: Uint8Array }
  | { readonly kind: 'chunk'; readonly bytes: Uint8Array }
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly stage: 'schema' | 'encode'; readonly message: string; readonly stack: string | undefined }

/** The part of a worker_threads `MessagePort` the encoder uses (`parentPort` or a channel port). */
export interface EncoderPort {
  on(event: 'message', listener: (msg: ToEncoder) => void): void
  postMessage(msg: FromEncoder, transfer?: readonly ArrayBuffer[]): void
}

/**
 * Runs parquet-wasm's `transformParquetStream` fed from `port`: each `batch` message becomes
 * wasm record batches, handed over one per pull, and every output chunk is posted back
 * (transferred). Returns a function that stops the writer and frees its row group.
 *
 * The worker thread evaluates this function's source text (`runEncoder.toString()`), so it
 * must not use imports or any binding outside its body: everything comes in as parameters.
 */
export function runEncoder(wasm: typeof ParquetWasm, port: EncoderPort, options: EncoderOptions): (reason: Error) => void {
  type Piece = ParquetWasm.RecordBatch
  interface Pull {
    readonly controller: ReadableStreamDefaultController<Piece>
    readonly resolve: () => void
  }
  const C = wasm.Compression
  const codecs: Record<Compression, ParquetWasm.Compression> = {
    zstd: C.ZSTD,
    gzip: C.GZIP,
    snappy: C.SNAPPY,
    lz4: C.LZ4_RAW, // the framed Hadoop LZ4 codec is deprecated in Parquet
    none: C.UNCOMPRESSED,
  }
  // batches wait as IPC bytes and enter wasm memory only when the writer pulls them, so
  // WebAssembly memory (which never shrinks) holds one batch plus the open row group
  const queue: Uint8Array[] = []
  const pieces: Piece[] = []
  let pending: Pull | undefined
  let input: ReadableStreamDefaultController<Piece> | undefined
  let output: ReadableStreamDefaultReader<Uint8Array> | undefined
  let owed = false // the last piece of a batch went in; `taken` is due at the next pull
  let finishing = false
  let stopped = false

  /** A chunk whose buffer is exactly its bytes, so the buffer can be transferred. */
  const own = (bytes: Uint8Array): Uint8Array =>
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice()

  const stop = (reason: Error): void => {
    if (stopped) return
    stopped = true
    queue.length = 0
    for (const p of pieces.splice(0)) p.free()
    // erroring the input ends the wasm task, which frees the open row group
    input?.error(reason)
    const pull = pending
    pending = undefined
    pull?.resolve()
    // a failed cancel needs no report: the writer already failed with `reason`
    output?.cancel(reason).catch(() => undefined)
  }

  const fail = (stage: 'schema' | 'encode', err: unknown): void => {
    if (stopped) return
    const e = err instanceof Error ? err : new Error(String(err))
    port.postMessage({ kind: 'failed', stage, message: e.message, stack: e.stack })
    stop(e)
  }

  /** The next wasm batch to hand over; the IPC stream of a queued batch is decoded on demand. */
  const nextPiece = (): Piece | undefined => {
    while (pieces.length === 0) {
      const ipc = queue.shift()
      if (ipc === undefined) return undefined
      const table = wasm.Table.fromIPCStream(ipc)
      let batches: Piece[]
      try {
        batches = table.recordBatches()
      } finally {
        table.free()
      }
      pieces.push(...batches)
      // hand the spent buffer back: the main thread collects garbage often, this thread
      // rarely, and until then the buffer would stay allocated
      if (ipc.buffer instanceof ArrayBuffer) port.postMessage({ kind: 'spent', ipc }, [ipc.buffer])
      // a batch that decodes to no record batch is taken at once
      if (batches.length === 0) port.postMessage({ kind: 'taken' })
    }
    return pieces.shift()
  }

  const feed = (): void => {
    const pull = pending
    if (pull === undefined || stopped) return
    const next = nextPiece()
    if (next === undefined && !finishing) return
    pending = undefined
    if (next === undefined) pull.controller.close()
    else {
      pull.controller.enqueue(next)
      if (pieces.length === 0) owed = true
    }
    pull.resolve()
  }

  const source = new ReadableStream<Piece>(
    {
      start: (controller) => {
        input = controller
      },
      pull: (controller) =>
        new Promise<void>((resolve) => {
          if (owed) {
            owed = false
            port.postMessage({ kind: 'taken' })
          }
          pending = { controller, resolve }
          try {
            feed()
          } catch (err) {
            fail('encode', err)
          }
        }),
    },
    { highWaterMark: 0 },
  )

  port.on('message', (msg) => {
    if (stopped) return
    try {
      if (msg.kind === 'finish') finishing = true
      else queue.push(msg.ipc)
      feed()
    } catch (err) {
      fail('encode', err)
    }
  })

  let builder = new wasm.WriterPropertiesBuilder()
    .setCreatedBy(options.createdBy)
    .setCompression(codecs[options.compression])
    .setMaxRowGroupSize(options.maxRowGroupSize)
    .setDictionaryEnabled(false)
  for (const column of options.dictionaryColumns) builder = builder.setColumnDictionaryEnabled(column, true)
  const props = builder.build()
  wasm.transformParquetStream(source, props).then(
    async (stream) => {
      const reader = (stream as ReadableStream<Uint8Array>).getReader()
      output = reader
      try {
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          const bytes = own(value)
          port.postMessage({ kind: 'chunk', bytes }, [bytes.buffer as ArrayBuffer])
        }
        if (!stopped) port.postMessage({ kind: 'done' })
      } catch (err) {
        fail('encode', err)
      }
    },
    (err: unknown) => {
      fail('schema', err)
    },
  )
  return stop
}
