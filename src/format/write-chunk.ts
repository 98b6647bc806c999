import type { Writable } from 'node:stream'
import { finished } from 'node:stream/promises'
import { RivetError } from '../errors/index.js'

/** Writes `chunk` and resolves once `out` can take more (drain), rejecting if it fails or closes. */
export async function writeChunk(out: Writable, chunk: Uint8Array, format: string): Promise<void> {
  if (out.destroyed || out.writableEnded) throw closedError(format)
  if (out.write(chunk)) return
  await waitFor(out, 'drain', format)
}

/** Ends `out` and resolves once it has finished (and closed, for files). */
export async function endStream(out: Writable, format: string): Promise<void> {
  if (!out.writableEnded) out.end()
  try {
    // waits for 'close' too when the stream emits it (files), so the size on disk is final
    await finished(out)
  } catch (err) {
    throw writeError(format, err)
  }
}

function waitFor(out: Writable, event: 'drain', format: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      out.off(event, onEvent)
      out.off('error', onError)
      out.off('close', onClose)
    }
    const onEvent = (): void => {
      cleanup()
      resolve()
    }
    const onError = (err: unknown): void => {
      cleanup()
      reject(writeError(format, err))
    }
    const onClose = (): void => {
      cleanup()
      reject(closedError(format))
    }
    out.on(event, onEvent)
    out.on('error', onError)
    out.on('close', onClose)
  })
}

function closedError(format: string): RivetError {
  return new RivetError('RIVET_FORMAT_WRITE', `${format}: the output stream closed before the file was complete`)
}

/** Wraps an output failure; an existing RivetError passes through unchanged. */
export function writeError(format: string, err: unknown): RivetError {
  if (err instanceof RivetError) return err
  return new RivetError('RIVET_FORMAT_WRITE', `${format}: writing the output failed`, {
    hint: 'check free disk space and permissions of the temp directory',
    cause: err,
  })
}
