/**
 * A growable scratch buffer that cell renderers write bytes into. It is reused for every
 * row (`reset()`), so rendering numbers and dates allocates no per-cell strings.
 */
export class ByteBuffer {
  buf: Uint8Array
  pos = 0

  constructor(initial = 256) {
    this.buf = new Uint8Array(Math.max(initial, 64))
  }

  reset(): void {
    this.pos = 0
  }

  ensure(extra: number): void {
    const need = this.pos + extra
    if (need <= this.buf.length) return
    let cap = this.buf.length * 2
    while (cap < need) cap *= 2
    const next = new Uint8Array(cap)
    next.set(this.buf.subarray(0, this.pos))
    this.buf = next
  }

  byte(b: number): void {
    this.ensure(1)
    this.buf[this.pos++] = b
  }

  /** Copies `src[start, end)`. */
  bytes(src: Uint8Array, start: number, end: number): void {
    const n = end - start
    this.ensure(n)
    if (n < 32) {
      const b = this.buf
      let p = this.pos
      for (let k = start; k < end; k++) b[p++] = src[k] ?? 0
      this.pos = p
    } else {
      this.buf.set(src.subarray(start, end), this.pos)
      this.pos += n
    }
  }

  /** ASCII-only text (number and date renderings). */
  ascii(s: string): void {
    const n = s.length
    this.ensure(n)
    const b = this.buf
    let p = this.pos
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i)
    this.pos = p
  }

  /** Non-negative integer below 2^53, zero-padded to `width` digits. */
  digits(v: number, width = 1): void {
    let n = 1
    for (let t = v; t >= 10; t = Math.floor(t / 10)) n++
    const len = n > width ? n : width
    this.ensure(len)
    const b = this.buf
    let p = this.pos + len - 1
    let t = v
    for (let i = 0; i < len; i++) {
      b[p--] = 48 + (t % 10)
      t = Math.floor(t / 10)
    }
    this.pos += len
  }

  /** Signed safe integer. */
  int(v: number): void {
    if (v < 0) {
      this.byte(45)
      this.digits(-v)
    } else {
      this.digits(v)
    }
  }

  /** The bytes written since the last reset (a view into the scratch memory). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos)
  }
}
