import type { DataType } from 'apache-arrow'
import type { RivetType } from '../types/index.js'
import { bytesOf, growUint32 } from './buffers.js'
import { BaseColumn } from './column-builder.js'

const TWO_32 = 4294967296

/**
 * 64-bit storage written as two little-endian 32-bit words, so safe-integer numbers are
 * stored without allocating a BigInt; `bigint` values go through a 64-bit view of the same
 * memory. Int64, UInt64, Time64 and Timestamp build on it.
 */
export abstract class Word64Column<T extends DataType> extends BaseColumn<T> {
  protected words: Uint32Array
  protected signed: BigInt64Array
  protected unsigned: BigUint64Array

  protected constructor(type: RivetType, arrowType: T, capacity: number) {
    super(type, arrowType, capacity)
    this.words = new Uint32Array(this.cap * 2)
    this.signed = new BigInt64Array(this.words.buffer)
    this.unsigned = new BigUint64Array(this.words.buffer)
  }

  /** Stores a safe integer (negative values as two's complement). */
  protected putNumber(i: number, v: number): void {
    this.words[i * 2] = v >>> 0
    this.words[i * 2 + 1] = Math.floor(v / TWO_32) >>> 0
  }

  protected growValues(capacity: number): void {
    this.words = growUint32(this.words, capacity * 2)
    this.signed = new BigInt64Array(this.words.buffer)
    this.unsigned = new BigUint64Array(this.words.buffer)
  }

  protected resetValues(capacity: number): void {
    this.words = new Uint32Array(capacity * 2)
    this.signed = new BigInt64Array(this.words.buffer)
    this.unsigned = new BigUint64Array(this.words.buffer)
  }

  protected valueBytes(): number {
    return this.len * 8
  }

  protected override rawValues(): Uint8Array {
    return bytesOf(this.words)
  }

  /** The finished batch's values as a 64-bit view (the builder has moved on to new memory). */
  protected takeSigned(length: number): BigInt64Array {
    return this.signed.subarray(0, length)
  }

  protected takeUnsigned(length: number): BigUint64Array {
    return this.unsigned.subarray(0, length)
  }
}
