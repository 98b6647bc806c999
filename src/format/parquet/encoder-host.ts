import { MessageChannel, type MessagePort } from 'node:worker_threads'
import { type EncoderOptions, type FromEncoder, runEncoder, type ToEncoder } from './encoder.js'
import { discardThread, releaseThread, takeThread } from './encoder-pool.js'
import { parquetWasm } from './wasm.js'

/** Where the encoder runs: a worker thread, or the main thread (files with no rows, `RIVET_PARQUET_WORKER=0`). */
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
  /**
   * Ends the session. After a clean finish (`reuse`) the thread goes back to the idle pool;
   * otherwise the encoder is stopped (the thread terminated) so it frees its memory.
   * Never rejects.
   */
  close(reuse: boolean): Promise<void>
}

export function startEncoder(place: EncoderPlace, options: EncoderOptions, events: EncoderEvents): EncoderHost {
  return place === 'worker' ? startWorker(options, events) : startInline(options, events)
}

function startWorker(options: EncoderOptions, events: EncoderEvents): EncoderHost {
  const { port1, port2 } = new MessageChannel()
  const thread = takeThread(port2, options, (err) => {
    events.crash(err)
  })
  let closing: Promise<void> | undefined
  return mainSide(port1, 'worker', events, (reuse) => {
    if (closing === undefined) {
      port1.close()
      if (reuse) {
        releaseThread(thread)
        closing = Promise.resolve()
      } else closing = discardThread(thread)
    }
    return closing
  })
}

function startInline(options: EncoderOptions, events: EncoderEvents): EncoderHost {
  const { port1, port2 } = new MessageChannel()
  const stop = runEncoder(parquetWasm(), port2, options)
  port2.unref() // only the main side's port decides whether the process stays alive
  let closed = false
  return mainSide(port1, 'inline', events, () => {
    // the encoder is stopped either way: it is not reused on this thread
    if (!closed) {
      closed = true
      stop(new Error('parquet: the writer was closed'))
      port1.close()
    }
    return Promise.resolve()
  })
}

/** The main thread's end of a session's channel, the same wherever the encoder runs; only closing differs. */
function mainSide(port: MessagePort, place: EncoderPlace, events: EncoderEvents, close: EncoderHost['close']): EncoderHost {
  port.on('message', (msg: FromEncoder) => {
    events.message(msg)
  })
  return {
    place,
    post: (msg) => {
      port.postMessage(msg, transferList(msg))
    },
    ref: () => {
      port.ref()
    },
    unref: () => {
      port.unref()
    },
    close,
  }
}

function transferList(msg: ToEncoder): ArrayBuffer[] {
  if (msg.kind !== 'batch') return []
  const buffer = msg.ipc.buffer
  // only a buffer that holds exactly these bytes may be given away
  return buffer instanceof ArrayBuffer && msg.ipc.byteOffset === 0 && msg.ipc.byteLength === buffer.byteLength ? [buffer] : []
}
