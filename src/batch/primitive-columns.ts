import { Bool, type Data, DateDay, Float32, Float64, Int16, Int32, makeData } from 'apache-arrow'
import { bytesOf, growFloat32, growFloat64, growInt16, growInt32, growZeroedBytes } from './buffers.js'
import { BaseColumn } from './column-builder.js'

export class BoolColumn extends BaseColumn<Bool> {
  #bits: Uint8Array

  constructor(capacity = 1024) {
    super({ kind: 'bool' }, new Bool(), capacity)
    this.#bits = new Uint8Array(Math.ceil(this.cap / 8))
  }

  append(v: boolean): void {
    const i = this.next()
    if (v) this.#bits[i >> 3] = (this.#bits[i >> 3] ?? 0) | (1 << (i & 7))
  }

  /** `raw` holds one byte per value: 0 false, else true. */
  override appendRaw(count: number, valid: Uint8Array, raw: Uint8Array): void {
    const start = this.reserveRows(count, valid)
    const bits = this.#bits
    for (let k = 0; k < count; k++) {
      const i = start + k
      if (raw[k] !== 0) bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7))
    }
  }

  protected growValues(capacity: number): void {
    this.#bits = growZeroedBytes(this.#bits, Math.ceil(capacity / 8))
  }
  protected resetValues(capacity: number): void {
    this.#bits = new Uint8Array(Math.ceil(capacity / 8))
  }
  protected valueBytes(): number {
    return this.len >> 3
  }
  finish(): Data<Bool> {
    const bits = this.#bits
    const v = this.takeValidity()
    return makeData({ type: this.arrowType, ...v, data: bits.subarray(0, (v.length + 7) >> 3) })
  }
}

export class Int16Column extends BaseColumn<Int16> {
  #values: Int16Array
  constructor(capacity = 1024) {
    super({ kind: 'int16' }, new Int16(), capacity)
    this.#values = new Int16Array(this.cap)
  }
  append(v: number): void {
    const i = this.next() // may grow and replace the array: index first
    this.#values[i] = v
  }
  protected growValues(capacity: number): void {
    this.#values = growInt16(this.#values, capacity)
  }
  protected resetValues(capacity: number): void {
    this.#values = new Int16Array(capacity)
  }
  protected override rawValues(): Uint8Array {
    return bytesOf(this.#values)
  }
  protected valueBytes(): number {
    return this.len * 2
  }
  finish(): Data<Int16> {
    const values = this.#values
    const v = this.takeValidity()
    return makeData({ type: this.arrowType, ...v, data: values.subarray(0, v.length) })
  }
}

/** Int32 storage; also backs `date` (days since the epoch) through {@link DateColumn}. */
export class Int32Column extends BaseColumn<Int32> {
  #values: Int32Array
  constructor(capacity = 1024) {
    super({ kind: 'int32' }, new Int32(), capacity)
    this.#values = new Int32Array(this.cap)
  }
  append(v: number): void {
    const i = this.next() // may grow and replace the array: index first
    this.#values[i] = v
  }
  protected growValues(capacity: number): void {
    this.#values = growInt32(this.#values, capacity)
  }
  protected resetValues(capacity: number): void {
    this.#values = new Int32Array(capacity)
  }
  protected override rawValues(): Uint8Array {
    return bytesOf(this.#values)
  }
  protected valueBytes(): number {
    return this.len * 4
  }
  finish(): Data<Int32> {
    const values = this.#values
    const v = this.takeValidity()
    return makeData({ type: this.arrowType, ...v, data: values.subarray(0, v.length) })
  }
}

export class DateColumn extends BaseColumn<DateDay> {
  #values: Int32Array
  constructor(capacity = 1024) {
    super({ kind: 'date' }, new DateDay(), capacity)
    this.#values = new Int32Array(this.cap)
  }
  /** Days since 1970-01-01 (negative before). */
  appendDays(d: number): void {
    const i = this.next() // may grow and replace the array: index first
    this.#values[i] = d
  }
  protected growValues(capacity: number): void {
    this.#values = growInt32(this.#values, capacity)
  }
  protected resetValues(capacity: number): void {
    this.#values = new Int32Array(capacity)
  }
  protected override rawValues(): Uint8Array {
    return bytesOf(this.#values)
  }
  protected valueBytes(): number {
    return this.len * 4
  }
  finish(): Data<DateDay> {
    const values = this.#values
    const v = this.takeValidity()
    return makeData({ type: this.arrowType, ...v, data: values.subarray(0, v.length) })
  }
}

export class Float32Column extends BaseColumn<Float32> {
  #values: Float32Array
  constructor(capacity = 1024) {
    super({ kind: 'float32' }, new Float32(), capacity)
    this.#values = new Float32Array(this.cap)
  }
  append(v: number): void {
    const i = this.next() // may grow and replace the array: index first
    this.#values[i] = v
  }
  protected growValues(capacity: number): void {
    this.#values = growFloat32(this.#values, capacity)
  }
  protected resetValues(capacity: number): void {
    this.#values = new Float32Array(capacity)
  }
  protected override rawValues(): Uint8Array {
    return bytesOf(this.#values)
  }
  protected valueBytes(): number {
    return this.len * 4
  }
  finish(): Data<Float32> {
    const values = this.#values
    const v = this.takeValidity()
    return makeData({ type: this.arrowType, ...v, data: values.subarray(0, v.length) })
  }
}

export class Float64Column extends BaseColumn<Float64> {
  #values: Float64Array
  constructor(capacity = 1024) {
    super({ kind: 'float64' }, new Float64(), capacity)
    this.#values = new Float64Array(this.cap)
  }
  append(v: number): void {
    const i = this.next() // may grow and replace the array: index first
    this.#values[i] = v
  }
  protected growValues(capacity: number): void {
    this.#values = growFloat64(this.#values, capacity)
  }
  protected resetValues(capacity: number): void {
    this.#values = new Float64Array(capacity)
  }
  protected override rawValues(): Uint8Array {
    return bytesOf(this.#values)
  }
  protected valueBytes(): number {
    return this.len * 8
  }
  finish(): Data<Float64> {
    const values = this.#values
    const v = this.takeValidity()
    return makeData({ type: this.arrowType, ...v, data: values.subarray(0, v.length) })
  }
}
