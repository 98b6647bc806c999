/**
 * Decimal digits written straight into the output. Every function takes the output (as bytes
 * and as a DataView over the same memory) and a position, and returns the position after what
 * it wrote; the caller has reserved the room, so nothing here checks capacity.
 */

/** ASCII tens and ones digits of 0–99. */
export const TENS = Uint8Array.from({ length: 100 }, (_, v) => 48 + Math.floor(v / 10))
export const ONES = Uint8Array.from({ length: 100 }, (_, v) => 48 + (v % 10))
/** Both digits of 0–99 as one little-endian 16-bit store. */
export const PAIRS = Uint16Array.from({ length: 100 }, (_, v) => (48 + Math.floor(v / 10)) | ((48 + (v % 10)) << 8))

/** Decimal length of a non-negative integer below 2^53. */
export function uintLength(v: number): number {
  if (v < 100000) return v < 100 ? (v < 10 ? 1 : 2) : v < 1000 ? 3 : v < 10000 ? 4 : 5
  if (v < 10000000000) return v < 10000000 ? (v < 1000000 ? 6 : 7) : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10
  let n = 11
  for (let t = 100000000000; v >= t; t *= 10) n++
  return n
}

/** Non-negative integer below 2^53, written right to left two digits at a time. */
export function writeUint(b: Uint8Array, o: DataView, p: number, v: number): number {
  const end = p + uintLength(v)
  let q = end
  let t = v
  while (t >= 2147483648) {
    const d = Math.floor(t / 100)
    q -= 2
    o.setUint16(q, PAIRS[t - d * 100] as number, true)
    t = d
  }
  // int32 from here on, so dividing by the constant compiles to a multiplication
  let u = t | 0
  while (u >= 100) {
    const d = (u / 100) | 0
    q -= 2
    o.setUint16(q, PAIRS[u - d * 100] as number, true)
    u = d
  }
  if (u >= 10) o.setUint16(q - 2, PAIRS[u] as number, true)
  else b[q - 1] = 48 + u
  return end
}

/** Signed safe integer. */
export function writeInt(b: Uint8Array, o: DataView, p: number, v: number): number {
  if (v >= 0) return writeUint(b, o, p, v)
  b[p] = 45 // -
  return writeUint(b, o, p + 1, -v)
}

/** Non-negative integer below 2^53, left-padded with zeros to at least `width` digits. */
export function writePadded(b: Uint8Array, o: DataView, p: number, v: number, width: number): number {
  let q = p
  for (let k = uintLength(v); k < width; k++) b[q++] = 48
  return writeUint(b, o, q, v)
}

/** ASCII text (renderings of numbers too large for the fast paths). */
export function writeAscii(b: Uint8Array, p: number, s: string): number {
  const n = s.length
  for (let k = 0; k < n; k++) b[p + k] = s.charCodeAt(k)
  return p + n
}
