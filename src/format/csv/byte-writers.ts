import type { Data } from 'apache-arrow'
import type { ColumnWriter } from './cell-writer.js'

const HEX = '0123456789abcdef'
/** Both hex digits of a byte as one little-endian 16-bit store. */
const HEX_PAIRS = Uint16Array.from({ length: 256 }, (_, x) => HEX.charCodeAt(x >> 4) | (HEX.charCodeAt(x & 15) << 8))
/** Longer copies run as one native copy, shorter ones as 32-bit word moves. */
const NATIVE_COPY_FROM = 96

/** Longest value of a variable-length column in this batch, and the bytes of all values. */
function extent(offsets: Int32Array, n: number): { max: number; total: number } {
  let max = 0
  let prev = offsets[0] as number
  for (let i = 1; i <= n; i++) {
    const next = offsets[i] as number
    if (next - prev > max) max = next - prev
    prev = next
  }
  return { max, total: prev - (offsets[0] as number) }
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** The validity bitmap of a column that has NULLs; undefined when every value is present. */
export function nullBits(data: Data): Uint8Array | undefined {
  return data.nullCount > 0 && data.nullBitmap.length > 0 ? data.nullBitmap : undefined
}

/**
 * Whether any of the first `n` text values can need RFC 4180 quoting (holds `,`, `"`, LF or
 * CR): one native scan per column, so columns without such bytes skip the per-cell check.
 */
export function mayNeedQuoting(bytes: Uint8Array, offsets: Int32Array, n: number): boolean {
  const region = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(offsets[0], offsets[n])
  return region.includes(44) || region.includes(34) || region.includes(10) || region.includes(13)
}

/** Text, RFC 4180-quoted only when a value holds `,`, `"`, LF or CR. */
export function utf8Writer(data: Data): ColumnWriter {
  const bytes = data.values as Uint8Array
  const src = viewOf(bytes)
  const offsets = data.valueOffsets as Int32Array
  const n = data.length
  const { max, total } = extent(offsets, n)
  const typical = Math.ceil(total / Math.max(n, 1))
  if (mayNeedQuoting(bytes, offsets, n)) {
    return {
      bound: max * 2 + 2,
      typical,
      write: (b, o, p, i) => {
        const start = offsets[i] as number
        const end = offsets[i + 1] as number
        return needsQuote(bytes, start, end) ? writeQuoted(b, p, bytes, start, end) : copy(b, o, p, bytes, src, start, end)
      },
    }
  }
  return { bound: max, typical, write: (b, o, p, i) => copy(b, o, p, bytes, src, offsets[i] as number, offsets[i + 1] as number) }
}

function copy(b: Uint8Array, o: DataView, p: number, bytes: Uint8Array, src: DataView, start: number, end: number): number {
  if (end - start >= NATIVE_COPY_FROM) {
    b.set(bytes.subarray(start, end), p)
    return p + end - start
  }
  let q = p
  let k = start
  for (; k + 4 <= end; k += 4, q += 4) o.setInt32(q, src.getInt32(k, true), true)
  for (; k < end; k++) b[q++] = bytes[k] as number
  return q
}

function needsQuote(bytes: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = bytes[k]
    if (c === 44 || c === 34 || c === 10 || c === 13) return true
  }
  return false
}

function writeQuoted(b: Uint8Array, p: number, bytes: Uint8Array, start: number, end: number): number {
  let q = p
  b[q++] = 34
  for (let k = start; k < end; k++) {
    const c = bytes[k] as number
    if (c === 34) b[q++] = 34
    b[q++] = c
  }
  b[q++] = 34
  return q
}

/** Bytes as lowercase hex without a prefix. */
export function binaryWriter(data: Data): ColumnWriter {
  const bytes = data.values as Uint8Array
  const offsets = data.valueOffsets as Int32Array
  const n = data.length
  const { max, total } = extent(offsets, n)
  return {
    bound: max * 2,
    typical: Math.ceil((total * 2) / Math.max(n, 1)),
    write: (_b, o, p, i) => {
      const end = offsets[i + 1] as number
      let q = p
      for (let k = offsets[i] as number; k < end; k++, q += 2) o.setUint16(q, HEX_PAIRS[bytes[k] as number] as number, true)
      return q
    },
  }
}

/** Eight hex digits of the four bytes of little-endian word `w`, in memory order. */
function hex8(o: DataView, p: number, w: number): void {
  o.setInt32(p, (HEX_PAIRS[w & 255] as number) | ((HEX_PAIRS[(w >>> 8) & 255] as number) << 16), true)
  o.setInt32(p + 4, (HEX_PAIRS[(w >>> 16) & 255] as number) | ((HEX_PAIRS[w >>> 24] as number) << 16), true)
}

/** FixedSizeBinary(16) as a lowercase hyphenated UUID: `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`. */
export function uuidWriter(data: Data): ColumnWriter {
  const src = viewOf(data.values as Uint8Array)
  return {
    bound: 36,
    typical: 36,
    write: (b, o, p, i) => {
      const s = i * 16
      const w1 = src.getInt32(s + 4, true)
      const w2 = src.getInt32(s + 8, true)
      hex8(o, p, src.getInt32(s, true))
      b[p + 8] = 45
      o.setInt32(p + 9, (HEX_PAIRS[w1 & 255] as number) | ((HEX_PAIRS[(w1 >>> 8) & 255] as number) << 16), true)
      b[p + 13] = 45
      o.setInt32(p + 14, (HEX_PAIRS[(w1 >>> 16) & 255] as number) | ((HEX_PAIRS[w1 >>> 24] as number) << 16), true)
      b[p + 18] = 45
      o.setInt32(p + 19, (HEX_PAIRS[w2 & 255] as number) | ((HEX_PAIRS[(w2 >>> 8) & 255] as number) << 16), true)
      b[p + 23] = 45
      o.setInt32(p + 24, (HEX_PAIRS[(w2 >>> 16) & 255] as number) | ((HEX_PAIRS[w2 >>> 24] as number) << 16), true)
      hex8(o, p + 28, src.getInt32(s + 12, true))
      return p + 36
    },
  }
}
