/**
 * A set of 64-bit keys or hashes (two 32-bit halves) in flat typed arrays: 8 bytes per slot and
 * no per-entry objects, so a uniqueness check over millions of values stays compact.
 * Open addressing with linear probing; grows at half load.
 */
export class Hash64Set {
  #keys: Uint32Array
  #used: Uint8Array
  #mask: number
  #size = 0

  constructor(initialCapacity = 1024) {
    let cap = 16
    while (cap < initialCapacity) cap *= 2
    this.#keys = new Uint32Array(cap * 2)
    this.#used = new Uint8Array(cap)
    this.#mask = cap - 1
  }

  get size(): number {
    return this.#size
  }

  has(hi: number, lo: number): boolean {
    return this.#slot(hi >>> 0, lo >>> 0) < 0
  }

  /** Adds the hash; false when it was already present. */
  add(hi: number, lo: number): boolean {
    const h = hi >>> 0
    const l = lo >>> 0
    const slot = this.#slot(h, l)
    if (slot < 0) return false
    this.#keys[slot * 2] = h
    this.#keys[slot * 2 + 1] = l
    this.#used[slot] = 1
    this.#size++
    if (this.#size * 2 > this.#used.length) this.#grow()
    return true
  }

  /** The free slot for the key, or -1 when the key is present. */
  #slot(hi: number, lo: number): number {
    const keys = this.#keys
    const used = this.#used
    // keys may be raw values (sequential ids, multiples of 1000): mix before masking
    let h = lo ^ Math.imul(hi, 0x9e3779b1)
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
    let i = (h ^ (h >>> 16)) & this.#mask
    while (used[i] === 1) {
      if (keys[i * 2] === hi && keys[i * 2 + 1] === lo) return -1
      i = (i + 1) & this.#mask
    }
    return i
  }

  #grow(): void {
    const oldKeys = this.#keys
    const oldUsed = this.#used
    const cap = oldUsed.length * 2
    this.#keys = new Uint32Array(cap * 2)
    this.#used = new Uint8Array(cap)
    this.#mask = cap - 1
    for (let i = 0; i < oldUsed.length; i++) {
      if (oldUsed[i] !== 1) continue
      const hi = oldKeys[i * 2] ?? 0
      const lo = oldKeys[i * 2 + 1] ?? 0
      const slot = this.#slot(hi, lo)
      this.#keys[slot * 2] = hi
      this.#keys[slot * 2 + 1] = lo
      this.#used[slot] = 1
    }
  }
}
