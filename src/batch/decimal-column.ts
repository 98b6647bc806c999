import { type Data, Decimal, makeData } from 'apache-arrow'
import { decimalByteWidth, decimalParseError, fitsDecimalWidth, parseDecimalToScaled, writeDecimalLE } from '../types/decimal.js'
import { growUint32 } from './buffers.js'
import { BaseColumn } from './column-builder.js'

const TWO_32 = 4294967296
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

/**
 * Decimal128 (p ≤ 38) or Decimal256 (p ≤ 76) values as scaled integers (Q09). Text with at
 * most 15 significant digits is parsed without BigInt; everything else goes through the
 * exact parser in `types/decimal.ts`.
 */
export class DecimalColumn extends BaseColumn<Decimal> {
  readonly precision: number
  readonly scale: number
  readonly #byteWidth: 16 | 32
  readonly #wordsPerValue: number
  #words: Uint32Array
  #bytes: Uint8Array

  constructor(precision: number, scale: number, capacity = 1024) {
    super({ kind: 'decimal', precision, scale }, new Decimal(scale, precision, decimalByteWidth(precision) * 8), capacity)
    this.precision = precision
    this.scale = scale
    this.#byteWidth = decimalByteWidth(precision)
    this.#wordsPerValue = this.#byteWidth / 4
    this.#words = new Uint32Array(this.cap * this.#wordsPerValue)
    this.#bytes = new Uint8Array(this.#words.buffer)
  }

  /** The value already multiplied by 10^scale; a `number` must be a safe integer. */
  appendScaled(v: bigint | number): void {
    const i = this.next()
    if (typeof v === 'number') this.#putNumber(i, v)
    else this.#putBig(i, v)
  }

  /** Decimal text; fractional digits beyond the scale are truncated, not rounded. */
  appendText(text: string): void {
    const fast = this.#fastScaled(text)
    if (fast !== undefined) {
      this.#putNumber(this.next(), fast)
      return
    }
    const v = parseDecimalToScaled(text, this.precision, this.scale)
    if (!fitsDecimalWidth(v, this.#byteWidth)) throw decimalParseError(text, this.precision, this.scale)
    this.#putBig(this.next(), v)
  }

  #putNumber(i: number, v: number): void {
    const w = this.#words
    const base = i * this.#wordsPerValue
    w[base] = v >>> 0
    w[base + 1] = Math.floor(v / TWO_32) >>> 0
    const fill = v < 0 ? 0xffffffff : 0
    for (let k = 2; k < this.#wordsPerValue; k++) w[base + k] = fill
  }

  #putBig(i: number, v: bigint): void {
    if (!fitsDecimalWidth(v, this.#byteWidth)) {
      throw decimalParseError(v.toString(), this.precision, this.scale)
    }
    writeDecimalLE(v, this.#bytes, i * this.#byteWidth, this.#byteWidth)
  }

  /** Plain `[-+]digits[.digits]` with ≤ 15 digits after scaling, else undefined. */
  #fastScaled(text: string): number | undefined {
    const scale = this.scale
    if (scale < 0) return undefined
    const n = text.length
    let i = 0
    let negative = false
    const first = text.charCodeAt(0)
    if (first === 45 || first === 43) {
      negative = first === 45
      i = 1
    }
    let acc = 0
    let digits = 0
    let frac = 0
    let dot = false
    for (; i < n; i++) {
      const c = text.charCodeAt(i)
      if (c >= 48 && c <= 57) {
        if (dot) {
          if (frac === scale) continue // truncate extra fractional digits
          frac++
        }
        if (++digits > 15) return undefined
        acc = acc * 10 + (c - 48)
      } else if (c === 46 && !dot) {
        dot = true
      } else {
        return undefined
      }
    }
    if (digits === 0 && !dot) return undefined
    if (digits === 0 && n - (negative || first === 43 ? 1 : 0) <= 1) return undefined
    const pad = scale - frac
    if (digits + pad > 15) return undefined
    const v = acc * (POW10[pad] ?? 1)
    return negative && v !== 0 ? -v : v
  }

  protected growValues(capacity: number): void {
    this.#words = growUint32(this.#words, capacity * this.#wordsPerValue)
    this.#bytes = new Uint8Array(this.#words.buffer)
  }
  protected resetValues(capacity: number): void {
    this.#words = new Uint32Array(capacity * this.#wordsPerValue)
    this.#bytes = new Uint8Array(this.#words.buffer)
  }
  protected valueBytes(): number {
    return this.len * this.#byteWidth
  }
  protected override rawValues(): Uint8Array {
    return this.#bytes
  }
  finish(): Data<Decimal> {
    const values = this.#words.subarray(0, this.len * this.#wordsPerValue)
    const validity = this.takeValidity()
    return makeData({ type: this.arrowType, ...validity, data: values })
  }
}
