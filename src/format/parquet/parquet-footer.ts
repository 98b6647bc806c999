import { open } from 'node:fs/promises'
import { RivetError } from '../../errors/index.js'

/**
 * Just enough of the Parquet footer (Thrift compact `FileMetaData`) to read the row count
 * and `created_by`: used by `countRows` (G07) and to check every row reached the file.
 */
export interface FooterInfo {
  readonly numRows: number
  readonly createdBy: string | undefined
}

const MAGIC = 0x31524150 // "PAR1" little-endian

/** Footer length from the last 8 bytes of a file (`<len u32 LE>PAR1`), or undefined if not Parquet. */
export function footerLength(tail: Uint8Array): number | undefined {
  if (tail.length < 8) return undefined
  const view = new DataView(tail.buffer, tail.byteOffset + tail.length - 8, 8)
  if (view.getUint32(4, true) !== MAGIC) return undefined
  return view.getUint32(0, true)
}

/** Parses the `FileMetaData` struct in `bytes`. */
export function parseFooter(bytes: Uint8Array): FooterInfo {
  const r = new CompactReader(bytes)
  let numRows = -1
  let createdBy: string | undefined
  let last = 0
  for (;;) {
    const header = r.byte()
    if (header === 0) break
    const type = header & 0x0f
    const delta = header >> 4
    const id = delta === 0 ? r.zigzag32() : last + delta
    last = id
    if (id === 3 && type === 6) numRows = Number(r.zigzag64())
    else if (id === 6 && type === 8) createdBy = r.string()
    else r.skip(type)
  }
  if (numRows < 0) throw footerError('the footer has no row count')
  return { numRows, createdBy }
}

/** Reads the footer of a finished Parquet file on disk. */
export async function readFooter(path: string): Promise<FooterInfo> {
  const fh = await open(path, 'r')
  try {
    const { size } = await fh.stat()
    const tail = new Uint8Array(8)
    if (size < 12) throw footerError(`${path} is too small to be a Parquet file`)
    await fh.read(tail, 0, 8, size - 8)
    const len = footerLength(tail)
    if (len === undefined || len + 12 > size) throw footerError(`${path} does not end with a Parquet footer`)
    const footer = new Uint8Array(len)
    await fh.read(footer, 0, len, size - 8 - len)
    return parseFooter(footer)
  } finally {
    await fh.close()
  }
}

function footerError(what: string): RivetError {
  return new RivetError('RIVET_FORMAT_WRITE', `parquet: ${what}`, {
    hint: 'the file is incomplete or not Parquet; re-run the export',
  })
}

class CompactReader {
  #pos = 0
  constructor(private readonly bytes: Uint8Array) {}

  byte(): number {
    if (this.#pos >= this.bytes.length) throw footerError('the footer is truncated')
    return this.bytes[this.#pos++] ?? 0
  }

  varint(): bigint {
    let shift = 0n
    let out = 0n
    for (;;) {
      const b = this.byte()
      out |= BigInt(b & 0x7f) << shift
      if ((b & 0x80) === 0) return out
      shift += 7n
      if (shift > 70n) throw footerError('the footer has a malformed integer')
    }
  }

  zigzag64(): bigint {
    const n = this.varint()
    return (n >> 1n) ^ -(n & 1n)
  }

  zigzag32(): number {
    return Number(this.zigzag64())
  }

  string(): string {
    const len = Number(this.varint())
    const start = this.#pos
    this.#advance(len)
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + start, len).toString('utf8')
  }

  skip(type: number): void {
    switch (type) {
      case 1: // bool true / false (in struct field headers)
      case 2:
        return
      case 3:
        this.#advance(1)
        return
      case 4:
      case 5:
      case 6:
        this.varint()
        return
      case 7:
        this.#advance(8)
        return
      case 8:
        this.#advance(Number(this.varint()))
        return
      case 9:
      case 10: {
        const h = this.byte()
        const size = h >> 4 === 15 ? Number(this.varint()) : h >> 4
        const elem = h & 0x0f
        for (let i = 0; i < size; i++) this.#skipElement(elem)
        return
      }
      case 11: {
        const size = Number(this.varint())
        if (size === 0) return
        const kv = this.byte()
        for (let i = 0; i < size; i++) {
          this.#skipElement(kv >> 4)
          this.#skipElement(kv & 0x0f)
        }
        return
      }
      case 12: {
        let last = 0
        for (;;) {
          const header = this.byte()
          if (header === 0) return
          const delta = header >> 4
          last = delta === 0 ? this.zigzag32() : last + delta
          this.skip(header & 0x0f)
        }
      }
      default:
        throw footerError(`the footer has an unknown Thrift type ${type}`)
    }
  }

  #skipElement(type: number): void {
    // inside collections a bool takes one byte
    if (type === 1 || type === 2) this.#advance(1)
    else this.skip(type)
  }

  #advance(n: number): void {
    if (this.#pos + n > this.bytes.length) throw footerError('the footer is truncated')
    this.#pos += n
  }
}
