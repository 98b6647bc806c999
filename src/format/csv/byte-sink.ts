/**
 * A growable output buffer for one CSV batch. Cell writers reserve room with `ensure` and
 * then write bytes directly, so rendering allocates no per-cell strings for numbers, dates
 * and copied text.
 */
export class ByteSink {
  buf: Buffer
  pos = 0

  constructor(initial: number) {
    this.buf = Buffer.allocUnsafe(Math.max(initial, 1024))
  }

  ensure(extra: number): void {
    const need = this.pos + extra
    if (need <= this.buf.length) return
    let cap = this.buf.length * 2
    while (cap < need) cap *= 2
    const next = Buffer.allocUnsafe(cap)
    this.buf.copy(next, 0, 0, this.pos)
    this.buf = next
  }

  /** ASCII text (number renderings); the caller has not reserved room. */
  ascii(s: string): void {
    const n = s.length
    this.ensure(n)
    const b = this.buf
    let p = this.pos
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i)
    this.pos = p
  }

  /** Non-negative integer below 2^53 in decimal, zero-padded to `width` digits. */
  digits(v: number, width = 1): void {
    let n = 1
    if (v < 2147483648) {
      for (let t = v; t >= 10; t = (t / 10) | 0) n++
    } else {
      for (let t = v; t >= 10; t = Math.floor(t / 10)) n++
    }
    const len = n > width ? n : width
    if (this.pos + len > this.buf.length) this.ensure(len)
    const b = this.buf
    let p = this.pos + len - 1
    let t = v
    while (t >= 2147483648) {
      const q = Math.floor(t / 10)
      b[p--] = 48 + (t - q * 10)
      t = q
    }
    for (let i = this.pos; p >= i; p--) {
      const q = (t / 10) | 0
      b[p] = 48 + (t - q * 10)
      t = q
    }
    this.pos += len
  }

  /** Exactly two digits (0–99), room already reserved by the caller. */
  two(v: number): void {
    const q = (v / 10) | 0
    this.buf[this.pos++] = 48 + q
    this.buf[this.pos++] = 48 + (v - q * 10)
  }

  /** Signed safe integer. */
  int(v: number): void {
    if (v < 0) {
      this.ensure(1)
      this.buf[this.pos++] = 45
      this.digits(-v)
    } else {
      this.digits(v)
    }
  }

  /** The rendered bytes (a view; the sink must not be reused afterwards). */
  take(): Buffer {
    return this.buf.subarray(0, this.pos)
  }
}
