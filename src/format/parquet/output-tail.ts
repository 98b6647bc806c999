import { RivetError } from '../../errors/index.js'
import { footerLength, parseFooter } from './parquet-footer.js'

/** Output kept from the end of the stream so the footer can be checked without re-reading. */
const TAIL_BYTES = 1024 * 1024

/** The last ~1 MiB written (copied, so a whole row group is not retained). */
export class OutputTail {
  #chunks: Uint8Array[] = []
  #bytes = 0

  keep(chunk: Uint8Array): void {
    if (chunk.length >= TAIL_BYTES) {
      this.#chunks = [chunk.slice(chunk.length - TAIL_BYTES)]
      this.#bytes = TAIL_BYTES
      return
    }
    this.#chunks.push(chunk)
    this.#bytes += chunk.length
    while (this.#chunks.length > 1 && this.#bytes - (this.#chunks[0]?.length ?? 0) >= TAIL_BYTES) {
      this.#bytes -= this.#chunks.shift()?.length ?? 0
    }
  }

  /** parquet-wasm drops a batch it fails to encode without telling us; the footer would show it. */
  checkFooter(rowsSent: number): void {
    const tail = Buffer.concat(this.#chunks)
    const len = footerLength(tail)
    if (len === undefined) throw new RivetError('RIVET_FORMAT_WRITE', 'parquet: the writer produced no footer')
    if (len + 8 > tail.length) return // footer larger than the kept tail: cannot check here
    const info = parseFooter(tail.subarray(tail.length - 8 - len, tail.length - 8))
    if (info.numRows !== rowsSent) {
      throw new RivetError('RIVET_FORMAT_WRITE', `parquet: the file holds ${info.numRows} rows but ${rowsSent} were written`, {
        hint: 'the Parquet writer dropped a batch; re-run the export and report this',
      })
    }
  }
}
