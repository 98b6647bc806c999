import { type Data, Int64, makeData, Uint64 } from 'apache-arrow'
import { RivetError } from '../errors/index.js'
import { Word64Column } from './word64-column.js'

const INT64_MIN = -(1n << 63n)
const INT64_MAX = (1n << 63n) - 1n
const UINT64_MAX = (1n << 64n) - 1n

export class Int64Column extends Word64Column<Int64> {
  constructor(capacity = 1024) {
    super({ kind: 'int64' }, new Int64(), capacity)
  }

  append(v: bigint): void {
    const i = this.next() // may grow and replace the array: index first
    this.signed[i] = v
  }

  /** A safe integer; no BigInt is allocated. */
  appendNumber(v: number): void {
    this.putNumber(this.next(), v)
  }

  /** Exact integer text from a driver (never rounded through a double). */
  appendText(text: string): void {
    const small = smallIntegerText(text)
    if (small !== undefined) {
      this.appendNumber(small)
      return
    }
    const v = parseBigInteger(text, 'int64')
    if (v < INT64_MIN || v > INT64_MAX) throw integerError(text, 'int64')
    this.append(v)
  }

  finish(): Data<Int64> {
    const values = this.takeSigned(this.len)
    const validity = this.takeValidity()
    return makeData({ type: this.arrowType, ...validity, data: values })
  }
}

export class UInt64Column extends Word64Column<Uint64> {
  constructor(capacity = 1024) {
    super({ kind: 'uint64' }, new Uint64(), capacity)
  }

  append(v: bigint): void {
    const i = this.next() // may grow and replace the array: index first
    this.unsigned[i] = v
  }

  appendNumber(v: number): void {
    this.putNumber(this.next(), v)
  }

  appendText(text: string): void {
    const small = smallIntegerText(text)
    if (small !== undefined && small >= 0) {
      this.appendNumber(small)
      return
    }
    const v = parseBigInteger(text, 'uint64')
    if (v < 0n || v > UINT64_MAX) throw integerError(text, 'uint64')
    this.append(v)
  }

  finish(): Data<Uint64> {
    const values = this.takeUnsigned(this.len)
    const validity = this.takeValidity()
    return makeData({ type: this.arrowType, ...validity, data: values })
  }
}

/** Integer text of at most 15 digits parsed without BigInt; undefined when not that shape. */
export function smallIntegerText(text: string): number | undefined {
  const n = text.length
  if (n === 0 || n > 16) return undefined
  let i = 0
  let negative = false
  const first = text.charCodeAt(0)
  if (first === 45 /* - */ || first === 43 /* + */) {
    negative = first === 45
    i = 1
    if (n === 1) return undefined
  } else if (n > 15) {
    return undefined
  }
  let acc = 0
  for (; i < n; i++) {
    const d = text.charCodeAt(i) - 48
    if (d < 0 || d > 9) return undefined
    acc = acc * 10 + d
  }
  return negative ? -acc : acc
}

function parseBigInteger(text: string, label: string): bigint {
  const t = text.trim()
  if (!/^[+-]?\d+$/.test(t)) throw integerError(text, label)
  return BigInt(t)
}

function integerError(text: string, label: string): RivetError {
  return new RivetError('RIVET_DECIMAL_PARSE', `cannot parse '${text}' as ${label}`, {
    hint: 'the source returned a value outside the column type; cast it in the query or set a type in `columns:`',
  })
}
