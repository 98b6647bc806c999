import { MessageChannel, Worker } from 'node:worker_threads'
import { type EncoderOptions, type FromEncoder, runEncoder, type ToEncoder } from './encoder.js'
import { parquetGluePath, parquetWasm, parquetWasmModule } from './wasm.js'

/** Where the encoder runs: its own thread, or the main thread (one-batch files, `RIVET_PARQUET_WORKER=0`). */
export type EncoderPlace = 'worker' | 'inline'

export interface EncoderEvents {
  message(msg: FromEncoder): void
  /** The encoder stopped without a `failed` message (thread crash or exit). */
  crash(err: Error): void
}

/** The main thread's handle on a running encoder. */
export interface EncoderHost {
  readonly place: EncoderPlace
  /** Sends a message; a batch's IPC buffer is transferred, so `msg.ipc` is unusable afterwards. */
  post(msg: ToEncoder): void
  /** Keeps the process alive while the encoder has work; `unref` while it waits for the next batch. */
  ref(): void
  unref(): void
  /** Stops the encoder (terminates the thread); resolves once it is gone. Never rejects. */
  close(): Promise<void>
}

/**
 * The worker's whole program: it needs no compiled file, so the same code runs from `src/`
 * under vitest and from `dist/`. It binds parquet-wasm's JS glue to the module compiled once
 * by the main thread.
 */
const WORKER_SOURCE = [
  "const { parentPort, workerData } = require('node:worker_threads')",
  'const wasm = require(workerData.gluePath)',
  'wasm.initSync({ module: workerData.module })',
  `;(${runEncoder.toString()})(wasm, parentPort, workerData.options)`,
].join('\n')

export function startEncoder(place: EncoderPlace, options: EncoderOptions, events: EncoderEvents): EncoderHost {
  return place === 'worker' ? startWorker(options, events) : startInline(options, events)
}

function startWorker(options: EncoderOptions, events: EncoderEvents): EncoderHost {
  const workerData = { gluePath: parquetGluePath(), module: parquetWasmModule(), options }
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData })
  let closing: Promise<void> | undefined
  worker.on('message', (msg: FromEncoder) => {
    events.message(msg)
  })
  worker.on('error', (err: Error) => {
    if (closing === undefined) events.crash(err)
  })
  worker.on('exit', (code: number) => {
    if (closing === undefined) events.crash(new Error(`the encoder thread exited with code ${code}`))
  })
  return {
    place: 'worker',
    post: (msg) => {
      worker.postMessage(msg, transferList(msg))
    },
    ref: () => {
      worker.ref()
    },
    unref: () => {
      worker.unref()
    },
    close: () => {
      // terminate() resolves with the exit code once the thread is gone; it has no failure path
      closing ??= worker.terminate().then(() => undefined)
      return closing
    },
  }
}

function startInline(options: EncoderOptions, events: EncoderEvents): EncoderHost {
  const { port1, port2 } = new MessageChannel()
  const stop = runEncoder(parquetWasm(), port2, options)
  port2.unref() // only the main side's port decides whether the process stays alive
  port1.on('message', (msg: FromEncoder) => {
    events.message(msg)
  })
  let closed = false
  return {
    place: 'inline',
    post: (msg) => {
      port1.postMessage(msg, transferList(msg))
    },
    ref: () => {
      port1.ref()
    },
    unref: () => {
      port1.unref()
    },
    close: () => {
      if (!closed) {
        closed = true
        stop(new Error('parquet: the writer was closed'))
        port1.close()
      }
      return Promise.resolve()
    },
  }
}

function transferList(msg: ToEncoder): ArrayBuffer[] {
  if (msg.kind !== 'batch') return []
  const buffer = msg.ipc.buffer
  // only a buffer that holds exactly these bytes may be given away
  return buffer instanceof ArrayBuffer && msg.ipc.byteOffset === 0 && msg.ipc.byteLength === buffer.byteLength ? [buffer] : []
}
