import { type Data, Field, List, makeData } from 'apache-arrow'
import { RivetError } from '../errors/index.js'
import { arrowDataType, LIST_ITEM_NAME } from '../types/arrow-type.js'
import type { RivetType } from '../types/index.js'
import { growInt32 } from './buffers.js'
import type { ColumnBuilder } from './column-builder.js'
import { BaseColumn } from './column-builder.js'

/**
 * One-dimensional arrays (Q01): elements (NULLs kept) are appended to `child` between
 * `startList()` and `endList()`; a NULL array is `appendNull()`.
 */
export class ListColumn extends BaseColumn<List> {
  readonly child: ColumnBuilder
  #offsets: Int32Array
  #open = false

  constructor(inner: RivetType, child: ColumnBuilder, capacity = 1024) {
    super({ kind: 'list', inner }, new List(new Field(LIST_ITEM_NAME, arrowDataType(inner), true)), capacity)
    this.child = child
    this.#offsets = new Int32Array(this.cap + 1)
  }

  startList(): void {
    if (this.#open) throw listStateError('startList() called twice without endList()')
    this.#open = true
  }

  endList(): void {
    if (!this.#open) throw listStateError('endList() without startList()')
    this.#open = false
    const i = this.next()
    this.#offsets[i + 1] = this.child.length
  }

  protected override onNull(index: number): void {
    this.#offsets[index + 1] = this.#offsets[index] ?? 0
  }

  protected growValues(capacity: number): void {
    this.#offsets = growInt32(this.#offsets, capacity + 1)
  }
  protected resetValues(capacity: number): void {
    this.#offsets = new Int32Array(capacity + 1)
  }
  protected valueBytes(): number {
    return this.len * 4 + this.child.byteSize
  }
  finish(): Data<List> {
    const valueOffsets = this.#offsets.subarray(0, this.len + 1)
    const child = this.child.finish()
    const validity = this.takeValidity()
    return makeData({ type: this.arrowType, ...validity, valueOffsets, child })
  }
}

function listStateError(what: string): RivetError {
  return new RivetError('RIVET_INTERNAL', `batch: list column misuse: ${what}`)
}
