import type { Data, DataType } from 'apache-arrow'
import type { RivetType } from '../types/index.js'
import { RivetError } from '../errors/index.js'
import { growZeroedBytes } from './buffers.js'

/**
 * A typed column accumulating one batch of values in growable typed arrays (no per-value
 * objects; AB). Sources call one `append…` or `appendNull()` per row, then `finish()`.
 */
export interface ColumnBuilder {
  readonly type: RivetType
  /** Values (including nulls) appended since the last `finish()`. */
  readonly length: number
  /** Approximate bytes buffered, for the batch byte budget. */
  readonly byteSize: number
  appendNull(): void
  /** Appends `count` values decoded elsewhere (see {@link BaseColumn.appendRaw}). */
  appendRaw(count: number, valid: Uint8Array, raw: Uint8Array, width: number): void
  /** Hands the accumulated values to Arrow and resets the builder for the next batch. */
  finish(): Data
}

/** Validity bitmap and length bookkeeping shared by every builder. */
export abstract class BaseColumn<T extends DataType = DataType> implements ColumnBuilder {
  readonly type: RivetType
  readonly arrowType: T
  protected len = 0
  protected nulls = 0
  protected cap: number
  protected validity: Uint8Array
  /** Largest batch so far: the next batch starts at this capacity instead of regrowing from a small probe batch. */
  #highWater = 0

  protected constructor(type: RivetType, arrowType: T, capacity: number) {
    this.type = type
    this.arrowType = arrowType
    this.cap = Math.max(capacity, 16)
    this.validity = new Uint8Array(Math.ceil(this.cap / 8))
  }

  get length(): number {
    return this.len
  }

  get byteSize(): number {
    return (this.len >> 3) + 1 + this.valueBytes()
  }

  /** Reserves the next slot as non-null and returns its index. */
  protected next(): number {
    const i = this.len
    if (i === this.cap) this.growTo(i + 1)
    this.validity[i >> 3] = (this.validity[i >> 3] ?? 0) | (1 << (i & 7))
    this.len = i + 1
    return i
  }

  appendNull(): void {
    const i = this.len
    if (i === this.cap) this.growTo(i + 1)
    this.nulls++
    this.len = i + 1
    this.onNull(i)
  }

  /**
   * Appends `count` values decoded elsewhere (a wasm row decoder): `valid[k]` is 0 for
   * a NULL, and `raw` holds all `count` values, `width` little-endian bytes each, in this
   * column's Arrow layout (zeros for NULLs). Builders without a fixed-width value buffer
   * override it or refuse.
   */
  appendRaw(count: number, valid: Uint8Array, raw: Uint8Array, width: number): void {
    const start = this.reserveRows(count, valid)
    const target = this.rawValues()
    if (target === undefined) throw new RivetError('RIVET_INTERNAL', `batch: ${this.type.kind} column has no fixed-width values to append to`)
    target.set(raw.subarray(0, count * width), start * width)
  }

  /** Takes rows [length, length + count) as valid or NULL per `valid`; returns the first one. */
  protected reserveRows(count: number, valid: Uint8Array): number {
    const start = this.len
    if (start + count > this.cap) this.growTo(start + count)
    const bits = this.validity
    let nulls = 0
    for (let k = 0; k < count; k++) {
      const i = start + k
      if (valid[k] !== 0) bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7))
      else nulls++
    }
    this.len = start + count
    this.nulls += nulls
    return start
  }

  /** The value buffer as bytes, for {@link appendRaw}; undefined when there is none. */
  protected rawValues(): Uint8Array | undefined {
    return undefined
  }

  /** Moves the batch out: returns the validity bitmap (or undefined) and resets counters. */
  protected takeValidity(): { length: number; nullCount: number; nullBitmap: Uint8Array | undefined } {
    const out = {
      length: this.len,
      nullCount: this.nulls,
      nullBitmap: this.nulls === 0 ? undefined : this.validity.subarray(0, (this.len + 7) >> 3),
    }
    if (this.len > this.#highWater) this.#highWater = this.len
    const cap = Math.max(this.#highWater, 16)
    this.len = 0
    this.nulls = 0
    this.cap = cap
    this.validity = new Uint8Array(Math.ceil(cap / 8))
    this.resetValues(cap)
    return out
  }

  private growTo(min: number): void {
    const cap = Math.max(this.cap * 2, min)
    this.validity = growZeroedBytes(this.validity, Math.ceil(cap / 8))
    this.cap = cap
    this.growValues(cap)
  }

  /** Hook for fixed-width builders: a null still occupies a value slot (left as 0). */
  protected onNull(_index: number): void {
    // Most fixed-width buffers are zero-filled already; variable-width builders override.
  }

  protected abstract growValues(capacity: number): void
  protected abstract resetValues(capacity: number): void
  protected abstract valueBytes(): number
  abstract finish(): Data
}
