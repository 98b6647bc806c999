import { createHash, type Hash } from 'node:crypto'
import { createXXHash3, type IHasher } from 'hash-wasm'

/**
 * Content fingerprints (J01–J03, H08): XXH3-64 as `xxh3:<16 hex>` and base64 MD5, computed
 * in one streaming pass over the bytes as they are written.
 */
export class ContentHasher {
  readonly #xxh: IHasher
  readonly #md5: Hash = createHash('md5')
  #bytes = 0

  private constructor(xxh: IHasher) {
    this.#xxh = xxh
  }

  static async create(): Promise<ContentHasher> {
    const xxh = await createXXHash3()
    xxh.init()
    return new ContentHasher(xxh)
  }

  update(chunk: Uint8Array): void {
    this.#xxh.update(chunk)
    this.#md5.update(chunk)
    this.#bytes += chunk.byteLength
  }

  get bytes(): number {
    return this.#bytes
  }

  digest(): { fingerprint: string; md5Base64: string } {
    return { fingerprint: `xxh3:${this.#xxh.digest('hex')}`, md5Base64: this.#md5.digest('base64') }
  }
}

/** `xxh3:<16 hex>` of a whole buffer or string. */
export async function xxh3Fingerprint(data: Uint8Array | string): Promise<string> {
  const h = await createXXHash3()
  h.init()
  h.update(data)
  return `xxh3:${h.digest('hex')}`
}
