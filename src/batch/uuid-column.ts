import { type Data, FixedSizeBinary, makeData } from 'apache-arrow'
import { RivetError } from '../errors/index.js'
import { growZeroedBytes } from './buffers.js'
import { BaseColumn } from './column-builder.js'

/** 16-byte UUIDs (FixedSizeBinary(16) with the `arrow.uuid` extension on the field). */
export class UuidColumn extends BaseColumn<FixedSizeBinary> {
  #bytes: Uint8Array

  constructor(capacity = 1024) {
    super({ kind: 'uuid' }, new FixedSizeBinary(16), capacity)
    this.#bytes = new Uint8Array(this.cap * 16)
  }

  /** Copies 16 bytes starting at `offset`. */
  appendBytes(bytes: Uint8Array, offset: number): void {
    const at = this.next() * 16
    const dst = this.#bytes
    for (let k = 0; k < 16; k++) dst[at + k] = bytes[offset + k] ?? 0
  }

  /** `xxxxxxxx-xxxx-…`, `{…}` or 32 bare hex digits, any case. */
  appendText(s: string): void {
    const start = s.charCodeAt(0) === 123 /* { */ ? 1 : 0
    const end = start === 1 ? s.length - 1 : s.length
    const at = this.len * 16
    if (at + 16 > this.#bytes.length) this.#bytes = growZeroedBytes(this.#bytes, at + 16)
    const dst = this.#bytes
    let nibbles = 0
    for (let k = start; k < end; k++) {
      const c = s.charCodeAt(k)
      if (c === 45 /* - */) continue
      const h = hexValue(c)
      if (h < 0 || nibbles === 32) throw uuidError(s)
      const byte = at + (nibbles >> 1)
      dst[byte] = nibbles & 1 ? (dst[byte] ?? 0) | h : h << 4
      nibbles++
    }
    if (nibbles !== 32 || (start === 1 && s.charCodeAt(s.length - 1) !== 125)) throw uuidError(s)
    this.next()
  }

  protected growValues(capacity: number): void {
    this.#bytes = growZeroedBytes(this.#bytes, capacity * 16)
  }
  protected resetValues(capacity: number): void {
    this.#bytes = new Uint8Array(capacity * 16)
  }
  protected valueBytes(): number {
    return this.len * 16
  }
  protected override onNull(index: number): void {
    this.#bytes.fill(0, index * 16, index * 16 + 16)
  }
  protected override rawValues(): Uint8Array {
    return this.#bytes
  }
  finish(): Data<FixedSizeBinary> {
    const values = this.#bytes.subarray(0, this.len * 16)
    const validity = this.takeValidity()
    return makeData({ type: this.arrowType, ...validity, data: values })
  }
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  if (c >= 97 && c <= 102) return c - 87
  if (c >= 65 && c <= 70) return c - 55
  return -1
}

function uuidError(s: string): RivetError {
  return new RivetError('RIVET_SOURCE_QUERY', `source: cannot parse '${s}' as a UUID`, {
    hint: 'the column is typed uuid but the value is not a UUID; cast it in the query or set a type in `columns:`',
  })
}
