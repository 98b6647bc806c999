import { Writable } from 'node:stream'
import type { Destination, DestinationCapabilities, StreamTarget } from '../destination.js'

export const STDOUT_CAPABILITIES = {
  commitProtocol: 'streaming',
  idempotentOverwrite: false,
  retrySafe: false,
  partialWriteRisk: true,
  supportsManifest: false,
} as const satisfies DestinationCapabilities

/**
 * stdout (H07): file bytes stream straight to the process's stdout; logs stay on stderr.
 * No manifest, no `_SUCCESS`. The underlying stream is never ended (other output may follow).
 */
export class StdoutDestination implements Destination {
  readonly kind = 'stdout'
  readonly capabilities = STDOUT_CAPABILITIES
  readonly baseUri = 'stdout://'
  readonly #out: NodeJS.WritableStream

  constructor(out: NodeJS.WritableStream = process.stdout) {
    this.#out = out
  }

  openStream(fileName: string): Promise<StreamTarget> {
    const out = this.#out
    let bytes = 0
    // A pass-through that forwards to stdout without ending it, honouring backpressure.
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length
        if (out.write(chunk)) cb()
        else out.once('drain', () => {
          cb()
        })
      },
      final(cb) {
        cb()
      },
    })
    return Promise.resolve({
      stream,
      close: async () => {
        if (!stream.writableFinished) {
          await new Promise<void>((res, rej) => {
            stream.end((err?: Error | null) => {
              if (err) rej(err)
              else res()
            })
          })
        }
        return { uri: 'stdout://', key: fileName, sizeBytes: bytes }
      },
    })
  }
}
