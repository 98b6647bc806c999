// CSV row renderer in AssemblyScript (compiled by dev/build-wasm.mjs; host: src/format/csv/wasm-render.ts).
// Input: Arrow column buffers copied into this module's memory, one 48-byte descriptor per column.
// Output: the batch's CSV lines, byte for byte what src/format/csv/render-batch.ts writes.

import { fillPow10, POW10 } from './shared'
export { heapBase } from './shared'

// per column: kind, validity, bit offset, values, offsets, param, day-cache length, its day, 16 text bytes
const DESC_BYTES: i32 = 48

const UTF8: i32 = 1
const UTF8_QUOTE: i32 = 2
const INT16: i32 = 3
const UINT16: i32 = 4
const INT32: i32 = 5
const UINT32: i32 = 6
const INT64: i32 = 7
const UINT64: i32 = 8
const BOOL: i32 = 9
const DECIMAL: i32 = 10
const DATE32: i32 = 11
const TIMESTAMP: i32 = 12
const TIME: i32 = 13
const UUID: i32 = 14
const BINARY: i32 = 15

const MICROS_PER_DAY: i64 = 86_400_000_000
const HUNDRED_HOURS: i64 = 360_000_000_000

// both ASCII digits of 0–99, little-endian, and the 16 hex digits
const PAIRS: usize = memory.data(200)
const HEX: usize = memory.data(16)

export function init(): void {
  for (let v: i32 = 0; v < 100; v++) store<u16>(PAIRS + (<usize>v << 1), <u16>((48 + v / 10) | ((48 + v % 10) << 8)))
  for (let v: i32 = 0; v < 16; v++) store<u8>(HEX + <usize>v, <u8>(v < 10 ? 48 + v : 87 + v))
  fillPow10()
}

@inline function pair(v: u32): u16 {
  return load<u16>(PAIRS + (<usize>v << 1))
}

function u64Length(v: u64): i32 {
  let n: i32 = 1
  while (n < 20 && v >= load<u64>(POW10 + (<usize>n << 3))) n++
  return n
}

@inline function u32Length(v: u32): i32 {
  if (v < 100000) return v < 100 ? (v < 10 ? 1 : 2) : v < 1000 ? 3 : v < 10000 ? 4 : 5
  return v < 10000000 ? (v < 1000000 ? 6 : 7) : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10
}

/** Digits of `v` ending at `end` (exclusive), written right to left. */
function digitsBackward(end: usize, v: u64): void {
  let q = end
  let t = v
  while (t >= 0x100000000) {
    const d = t / 100
    q -= 2
    store<u16>(q, pair(<u32>(t - d * 100)))
    t = d
  }
  let u = <u32>t
  while (u >= 100) {
    const d = u / 100
    q -= 2
    store<u16>(q, pair(u - d * 100))
    u = d
  }
  if (u >= 10) store<u16>(q - 2, pair(u))
  else store<u8>(q - 1, <u8>(48 + u))
}

function writeU64(p: usize, v: u64): usize {
  const n = v < 0x100000000 ? u32Length(<u32>v) : u64Length(v)
  const end = p + <usize>n
  digitsBackward(end, v)
  return end
}

function writeI64(p: usize, v: i64): usize {
  if (v >= 0) return writeU64(p, <u64>v)
  store<u8>(p, 45)
  return writeU64(p + 1, <u64>(0 - v))
}

function writePadded(p: usize, v: u64, width: i32): usize {
  let q = p
  for (let k = v < 0x100000000 ? u32Length(<u32>v) : u64Length(v); k < width; k++) store<u8>(q++, 48)
  return writeU64(q, v)
}

/** chrono-style `%Y-%m-%d` of days since 1970-01-01 (Hinnant's civil_from_days). */
function writeDate(p: usize, days: i64): usize {
  const z = days + 719468
  const era = (z >= 0 ? z : z - 146096) / 146097
  const doe = z - era * 146097
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
  const mp = (5 * doy + 2) / 153
  const d = doy - (153 * mp + 2) / 5 + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  let q = p
  if (y >= 0 && y <= 9999) {
    const hi = <u32>(y / 100)
    store<u16>(q, pair(hi))
    store<u16>(q + 2, pair(<u32>y - hi * 100))
    q += 4
  } else if (y > 9999) {
    store<u8>(q, 43)
    q = writeU64(q + 1, <u64>y)
  } else {
    store<u8>(q, 45)
    q = writePadded(q + 1, <u64>(0 - y), 4)
  }
  store<u8>(q, 45)
  store<u16>(q + 1, pair(<u32>m))
  store<u8>(q + 3, 45)
  store<u16>(q + 4, pair(<u32>d))
  return q + 6
}

/**
 * The date text of `days` (plus `suffix` when not 0), reusing the column's cached text of its
 * previous day: consecutive values mostly fall on the same day.
 */
function writeDay(p: usize, d: usize, days: i64, suffix: u8): usize {
  const len = load<i32>(d, 24)
  if (len != 0 && <i64>load<i32>(d, 28) == days) {
    store<u64>(p, load<u64>(d, 32))
    store<u64>(p + 8, load<u64>(d, 40))
    return p + <usize>len
  }
  let q = writeDate(p, days)
  if (suffix != 0) store<u8>(q++, suffix)
  const n = <i32>(q - p)
  if (n <= 16 && days >= -2147483648 && days <= 2147483647) {
    // the 16 bytes from p: the text and whatever follows it, never read past `n`
    store<u64>(d, load<u64>(p), 32)
    store<u64>(d, load<u64>(p + 8), 40)
    store<i32>(d, <i32>days, 28)
    store<i32>(d, n, 24)
  }
  return q
}

/** `HH:MM:SS.ffffff` for 0 ≤ micros < 100 hours. */
function writeClock(p: usize, micros: i64): usize {
  const secs = <u32>(micros / 1000000)
  const frac = <u32>(micros - <i64>secs * 1000000)
  const hours = secs / 3600
  const rest = secs - hours * 3600
  const minutes = rest / 60
  const f1 = frac / 10000
  const f23 = frac - f1 * 10000
  const f2 = f23 / 100
  store<u16>(p, pair(hours))
  store<u8>(p + 2, 58)
  store<u16>(p + 3, pair(minutes))
  store<u8>(p + 5, 58)
  store<u16>(p + 6, pair(rest - minutes * 60))
  store<u8>(p + 8, 46)
  store<u16>(p + 9, pair(f1))
  store<u16>(p + 11, pair(f2))
  store<u16>(p + 13, pair(f23 - f2 * 100))
  return p + 15
}

function writeDecimal(p: usize, lo: i64, scale: i32): usize {
  if (scale <= 0) {
    let q = writeI64(p, lo)
    if (lo != 0) for (let k = scale; k < 0; k++) store<u8>(q++, 48)
    return q
  }
  let q = p
  let abs = <u64>lo
  if (lo < 0) {
    store<u8>(q++, 45)
    abs = <u64>(0 - lo)
  }
  const unit = load<u64>(POW10 + (<usize>scale << 3))
  const whole = abs / unit
  q = writeU64(q, whole)
  store<u8>(q, 46)
  return writePadded(q + 1, abs - whole * unit, scale)
}

@inline function hexByte(p: usize, x: u32): void {
  store<u8>(p, load<u8>(HEX + <usize>(x >> 4)))
  store<u8>(p + 1, load<u8>(HEX + <usize>(x & 15)))
}

function writeUuid(p: usize, s: usize): usize {
  let q = p
  for (let k: usize = 0; k < 16; k++) {
    if (k == 4 || k == 6 || k == 8 || k == 10) store<u8>(q++, 45)
    hexByte(q, load<u8>(s + k))
    q += 2
  }
  return q
}

function copyBytes(q: usize, s: usize, e: usize): usize {
  const n = e - s
  if (n >= 32) {
    memory.copy(q, s, n)
    return q + n
  }
  let k = s
  for (; k + 8 <= e; k += 8, q += 8) store<u64>(q, load<u64>(k))
  for (; k < e; k++) store<u8>(q++, load<u8>(k))
  return q
}

function needsQuote(s: usize, e: usize): bool {
  for (let k = s; k < e; k++) {
    const c = load<u8>(k)
    if (c == 44 || c == 34 || c == 10 || c == 13) return true
  }
  return false
}

function writeQuoted(p: usize, s: usize, e: usize): usize {
  let q = p
  store<u8>(q++, 34)
  for (let k = s; k < e; k++) {
    const c = load<u8>(k)
    if (c == 34) store<u8>(q++, 34)
    store<u8>(q++, c)
  }
  store<u8>(q++, 34)
  return q
}

/**
 * Renders rows [0, n) of `cols` columns described at `desc` into `out`. Returns the end of
 * the output, or 0 when a cell is outside what this renderer handles (the caller then renders
 * the batch another way).
 */
export function render(n: i32, cols: i32, desc: usize, out: usize): usize {
  let p = out
  for (let i: i32 = 0; i < n; i++) {
    for (let c: i32 = 0; c < cols; c++) {
      const d = desc + <usize>(c * DESC_BYTES)
      const valid = load<u32>(d, 4)
      const bit = load<i32>(d, 8) + i
      if (valid != 0 && (load<u8>(<usize>valid + <usize>(bit >> 3)) & (1 << (bit & 7))) == 0) {
        store<u8>(p++, 44)
        continue
      }
      const values = <usize>load<u32>(d, 12)
      const kind = load<i32>(d)
      switch (kind) {
        case UTF8: {
          const offs = <usize>load<u32>(d, 16) + (<usize>i << 2)
          p = copyBytes(p, values + <usize>load<i32>(offs), values + <usize>load<i32>(offs, 4))
          break
        }
        case UTF8_QUOTE: {
          const offs = <usize>load<u32>(d, 16) + (<usize>i << 2)
          const s = values + <usize>load<i32>(offs)
          const e = values + <usize>load<i32>(offs, 4)
          p = needsQuote(s, e) ? writeQuoted(p, s, e) : copyBytes(p, s, e)
          break
        }
        case INT16:
          p = writeI64(p, <i64>load<i16>(values + (<usize>i << 1)))
          break
        case UINT16:
          p = writeU64(p, <u64>load<u16>(values + (<usize>i << 1)))
          break
        case INT32:
          p = writeI64(p, <i64>load<i32>(values + (<usize>i << 2)))
          break
        case UINT32:
          p = writeU64(p, <u64>load<u32>(values + (<usize>i << 2)))
          break
        case INT64:
          p = writeI64(p, load<i64>(values + (<usize>i << 3)))
          break
        case UINT64:
          p = writeU64(p, load<u64>(values + (<usize>i << 3)))
          break
        case BOOL: {
          if ((load<u8>(values + <usize>(bit >> 3)) & (1 << (bit & 7))) != 0) {
            store<u32>(p, 0x65757274)
            p += 4
          } else {
            store<u32>(p, 0x736c6166)
            store<u8>(p + 4, 101)
            p += 5
          }
          break
        }
        case DECIMAL: {
          const at = values + (<usize>i << 4)
          const lo = load<i64>(at)
          if (load<i64>(at, 8) != (lo >> 63)) return 0
          p = writeDecimal(p, lo, load<i32>(d, 20))
          break
        }
        case DATE32:
          p = writeDay(p, d, <i64>load<i32>(values + (<usize>i << 2)), 0)
          break
        case TIMESTAMP: {
          const micros = load<i64>(values + (<usize>i << 3))
          let days = micros / MICROS_PER_DAY
          let rest = micros - days * MICROS_PER_DAY
          if (rest < 0) {
            days--
            rest += MICROS_PER_DAY
          }
          p = writeClock(writeDay(p, d, days, 84), rest)
          break
        }
        case TIME: {
          const micros = load<i64>(values + (<usize>i << 3))
          if (micros < 0 || micros >= HUNDRED_HOURS) return 0
          p = writeClock(p, micros)
          break
        }
        case UUID:
          p = writeUuid(p, values + (<usize>i << 4))
          break
        case BINARY: {
          const offs = <usize>load<u32>(d, 16) + (<usize>i << 2)
          const e = values + <usize>load<i32>(offs, 4)
          for (let k = values + <usize>load<i32>(offs); k < e; k++, p += 2) hexByte(p, load<u8>(k))
          break
        }
        default:
          return 0
      }
      store<u8>(p++, 44)
    }
    store<u8>(p - 1, 10)
  }
  return p
}

