import { type MessagePort, Worker } from 'node:worker_threads'
import { type EncoderOptions, runEncoder } from './encoder.js'
import { parquetGluePath, parquetWasmModule } from './wasm.js'

/**
 * The worker's whole program: it needs no compiled file, so the same code runs from `src/`
 * under vitest, from `dist/src/` and from the bundle. It binds parquet-wasm's JS glue to the
 * module compiled once by the main thread, then runs one encoder per `session` message, each
 * on its own MessagePort.
 */
const WORKER_SOURCE = [
  "const { parentPort, workerData } = require('node:worker_threads')",
  'const wasm = require(workerData.gluePath)',
  'wasm.initSync({ module: workerData.module })',
  `const runEncoder = ${runEncoder.toString()}`,
  'parentPort.on("message", (session) => { runEncoder(wasm, session.port, session.options) })',
].join('\n')

/** Idle encoder threads kept for the next file (a chunked export writes many files, `parallel` at once). */
const MAX_IDLE = 2

/** One encoder thread. `crash` is the handler of the session it is running, if any. */
export interface EncoderThread {
  readonly worker: Worker
  crash: ((err: Error) => void) | undefined
}

const idle: EncoderThread[] = []

/**
 * An encoder thread running an encoder for `options` on `port`: an idle one if there is one,
 * else a new one. Threads are always unref'd: the session's port keeps the process alive
 * while there is work, so an abandoned or idle thread never does.
 */
export function takeThread(port: MessagePort, options: EncoderOptions, crash: (err: Error) => void): EncoderThread {
  const thread = idle.pop() ?? spawn()
  thread.crash = crash
  thread.worker.postMessage({ port, options }, [port])
  return thread
}

/** Returns a thread whose session ended cleanly to the idle list (or ends it when the list is full). */
export function releaseThread(thread: EncoderThread): void {
  thread.crash = undefined
  if (idle.length < MAX_IDLE) idle.push(thread)
  else void thread.worker.terminate()
}

/** Ends a thread whose session failed; resolves once it is gone. Never rejects. */
export async function discardThread(thread: EncoderThread): Promise<void> {
  thread.crash = undefined
  forget(thread)
  // terminate() resolves with the exit code once the thread is gone; it has no failure path
  await thread.worker.terminate()
}

function spawn(): EncoderThread {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { gluePath: parquetGluePath(), module: parquetWasmModule() } })
  worker.unref()
  const thread: EncoderThread = { worker, crash: undefined }
  worker.on('error', (err: Error) => {
    forget(thread)
    thread.crash?.(err)
  })
  worker.on('exit', (code: number) => {
    forget(thread)
    thread.crash?.(new Error(`the encoder thread exited with code ${code}`))
  })
  return thread
}

function forget(thread: EncoderThread): void {
  const i = idle.indexOf(thread)
  if (i !== -1) idle.splice(i, 1)
}
