import { Binary, type Data, makeData, Utf8 } from 'apache-arrow'
import type { RivetType } from '../types/index.js'
import { growBytes, growInt32 } from './buffers.js'
import { BaseColumn } from './column-builder.js'

/** Strings shorter than this are encoded by a JS loop; longer ones by Node's native UTF-8 writer. */
const NATIVE_ENCODE_FROM = 24
/** Byte copies shorter than this run in JS (a native copy costs ~75 ns of call overhead). */
const SHORT_COPY_UNDER = 128

interface CachedView {
  readonly buf: Uint8Array
  readonly view: DataView
}

function viewOver(cached: CachedView | undefined, buf: Uint8Array): CachedView {
  return cached?.buf === buf ? cached : { buf, view: new DataView(buf.buffer, buf.byteOffset, buf.byteLength) }
}

/** Offsets + bytes, shared by Utf8 and Binary. */
abstract class VarLenColumn<T extends Utf8 | Binary> extends BaseColumn<T> {
  protected offsets: Int32Array
  protected bytes: Buffer
  protected pos = 0

  protected constructor(type: RivetType, arrowType: T, capacity: number) {
    super(type, arrowType, capacity)
    this.offsets = new Int32Array(this.cap + 1)
    this.bytes = Buffer.allocUnsafeSlow(Math.max(this.cap * 16, 256))
  }

  /** Copies `src[start, end)` as the next value. */
  protected putBytes(src: Uint8Array, start: number, end: number): void {
    const i = this.next()
    const n = end - start
    let p = this.pos
    if (p + n > this.bytes.length) this.bytes = growBytes(this.bytes, p, p + n) as Buffer
    const dst = this.bytes
    if (n < SHORT_COPY_UNDER) {
      let k = start
      if (n >= 8) {
        // short values: four bytes per step through DataViews (cached per source / target buffer)
        this.#src = viewOver(this.#src, src)
        this.#dst = viewOver(this.#dst, dst)
        const from = this.#src.view
        const to = this.#dst.view
        for (; k + 4 <= end; k += 4) {
          to.setUint32(p, from.getUint32(k))
          p += 4
        }
      }
      for (; k < end; k++) dst[p++] = src[k] ?? 0
    } else {
      dst.set(src.subarray(start, end), p)
      p += n
    }
    this.pos = p
    this.offsets[i + 1] = p
  }

  /**
   * Appends `count` values decoded elsewhere: `valid[k]` is 0 for a NULL, value k is
   * `bytes[ends[k - 1], ends[k])` with `ends[-1]` = 0 (NULLs take an empty range).
   */
  appendRawVar(count: number, valid: Uint8Array, ends: Int32Array, bytes: Uint8Array): void {
    const start = this.reserveRows(count, valid)
    const total = count > 0 ? (ends[count - 1] as number) : 0
    const p = this.pos
    if (p + total > this.bytes.length) this.bytes = growBytes(this.bytes, p, p + total) as Buffer
    this.bytes.set(bytes.subarray(0, total), p)
    const offsets = this.offsets
    for (let k = 0; k < count; k++) offsets[start + k + 1] = p + (ends[k] as number)
    this.pos = p + total
  }

  // DataViews over the last source and target buffers, reused while the same buffers come back.
  #src: CachedView | undefined
  #dst: CachedView | undefined

  protected override onNull(index: number): void {
    this.offsets[index + 1] = this.pos
  }

  protected growValues(capacity: number): void {
    this.offsets = growInt32(this.offsets, capacity + 1)
  }
  protected resetValues(capacity: number): void {
    this.offsets = new Int32Array(capacity + 1)
    // keep the byte buffer size learned from the previous batch
    this.bytes = Buffer.allocUnsafeSlow(Math.max(this.pos, 256))
    this.pos = 0
  }
  protected valueBytes(): number {
    return this.pos + this.len * 4
  }
  protected takeBuffers(): { valueOffsets: Int32Array; data: Uint8Array } {
    return { valueOffsets: this.offsets.subarray(0, this.len + 1), data: this.bytes.subarray(0, this.pos) }
  }
}

/** UTF-8 text; also used for json, enum and interval columns (their `type` says which). */
export class Utf8Column extends VarLenColumn<Utf8> {
  constructor(type: RivetType = { kind: 'string' }, capacity = 1024) {
    super(type, new Utf8(), capacity)
  }

  append(s: string): void {
    const i = this.next()
    const n = s.length
    let p = this.pos
    if (p + n * 3 > this.bytes.length) this.bytes = growBytes(this.bytes, p, p + n * 3) as Buffer
    const dst = this.bytes
    if (n < NATIVE_ENCODE_FROM) {
      let k = 0
      for (; k < n; k++) {
        const c = s.charCodeAt(k)
        if (c >= 0x80) break
        dst[p++] = c
      }
      if (k < n) p = this.pos + dst.write(s, this.pos)
    } else {
      p += dst.write(s, p)
    }
    this.pos = p
    this.offsets[i + 1] = p
  }

  /** Already-encoded UTF-8 bytes, e.g. straight from a wire buffer. */
  appendUtf8(bytes: Uint8Array, start: number, end: number): void {
    this.putBytes(bytes, start, end)
  }

  finish(): Data<Utf8> {
    const buffers = this.takeBuffers()
    const validity = this.takeValidity()
    return makeData({ type: this.arrowType, ...validity, ...buffers })
  }
}

export class BinaryColumn extends VarLenColumn<Binary> {
  constructor(capacity = 1024) {
    super({ kind: 'binary' }, new Binary(), capacity)
  }

  append(bytes: Uint8Array, start = 0, end = bytes.length): void {
    this.putBytes(bytes, start, end)
  }

  finish(): Data<Binary> {
    const buffers = this.takeBuffers()
    const validity = this.takeValidity()
    return makeData({ type: this.arrowType, ...validity, ...buffers })
  }
}
