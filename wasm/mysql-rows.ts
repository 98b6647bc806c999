// MySQL row decoder (binary and text protocol) in AssemblyScript (compiled by dev/build-wasm.mjs;
// host: src/source/mysql/wire/wasm-rows.ts). Input: a network chunk copied into this module's
// memory and one 48-byte descriptor per column. Output, per column: values in Arrow layout (or offsets
// and bytes) and one validity byte per row. A row is decoded whole or not at all: any cell
// outside the plain shapes below stops the call before that row, and the host decodes it the
// exact way (src/source/mysql/wire/binary-cells.ts, text-cells.ts), so both give the same values.

import { fillPow10, POW10 } from './shared'
export { heapBase } from './shared'

// column kinds (descriptor field 0); the Arrow value width follows from the kind
const I8_AS_I16: i32 = 1
const U8_AS_I16: i32 = 2
const BOOL: i32 = 3
const I16: i32 = 4
const U16_AS_I16: i32 = 5
const U16_AS_I32: i32 = 6
const I32: i32 = 7
const U32_AS_I64: i32 = 8
const I64: i32 = 9
const F32: i32 = 10
const F64: i32 = 11
const DATETIME: i32 = 12
const DATE: i32 = 13
const DECIMAL: i32 = 14
const BYTES: i32 = 15
// text protocol (every cell is length-encoded ASCII or bytes; DECIMAL and BYTES are shared)
const T_INT: i32 = 16 // param: value width 1 (bool), 2, 4 or 8; bounds at descriptor 24 and 32
const T_DATETIME: i32 = 17
const T_DATE: i32 = 18
const T_U64: i32 = 19

const DESC_BYTES: usize = 48

// why a call stopped (result field 2)
const STOP_END: i32 = 0 // no complete packet left, or the row budget is spent
const STOP_OTHER: i32 = 1 // a packet that is not a plain row (EOF/OK/ERR, split or huge)
const STOP_SLOW: i32 = 2 // a row with a cell for the host's exact path

const MAX_PAYLOAD: i32 = 0xffffff
const MICROS_PER_DAY: i64 = 86_400_000_000
const UNSAFE: i64 = -1

export function init(): void {
  fillPow10()
}

@inline function floorDiv(a: i64, b: i64): i64 {
  const q = a / b
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

function isCivilDate(y: i32, m: i32, d: i32): bool {
  if (m < 1 || m > 12 || d < 1) return false
  if (d <= 28) return true
  const leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
  const last = m == 2 ? (leap ? 29 : 28) : m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31
  return d <= last
}

/** Days since 1970-01-01 (Hinnant's days_from_civil). */
function civilDays(y: i32, m: i32, d: i32): i64 {
  const yy: i64 = m <= 2 ? <i64>y - 1 : <i64>y
  const era = floorDiv(yy, 400)
  const yoe = yy - era * 400
  const doy: i64 = (153 * <i64>(m > 2 ? m - 3 : m + 9) + 2) / 5 + <i64>d - 1
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
  return era * 146097 + doe - 719468
}

/** Length-encoded integer at `p` (0xfb, NULL, is never passed here); -1 past `end`. */
function lenEnc(p: usize, end: usize): i64 {
  const b0 = <i32>load<u8>(p)
  if (b0 < 0xfb) return <i64>b0
  if (b0 == 0xfc) return p + 3 <= end ? <i64>load<u16>(p + 1) : UNSAFE
  if (b0 == 0xfd) return p + 4 <= end ? <i64>(load<u32>(p + 1) & 0xffffff) : UNSAFE
  if (b0 == 0xfe && p + 9 <= end) {
    const v = load<i64>(p + 1)
    return v >= 0 && v < 0x100000000 ? v : UNSAFE
  }
  return UNSAFE
}

@inline function lenEncSize(b0: i32): usize {
  return b0 < 0xfb ? 1 : b0 == 0xfc ? 3 : b0 == 0xfd ? 4 : 9
}

/** Decimal text scaled by 10^scale (extra fraction digits truncated); -2^63 when not plain or over 18 digits. */
function scaledDecimal(s: usize, e: usize, scale: i32): i64 {
  let i = s
  let negative = false
  if (i < e) {
    const first = load<u8>(i)
    if (first == 45 || first == 43) {
      negative = first == 45
      i++
    }
  }
  let acc: i64 = 0
  let digits: i32 = 0
  let frac: i32 = 0
  let dot = false
  for (; i < e; i++) {
    const c = <i32>load<u8>(i)
    if (c >= 48 && c <= 57) {
      if (dot) {
        if (frac == scale) continue
        frac++
      }
      if (++digits > 18) return i64.MIN_VALUE
      acc = acc * 10 + <i64>(c - 48)
    } else if (c == 46 && !dot) {
      dot = true
    } else {
      return i64.MIN_VALUE
    }
  }
  if (digits == 0) return i64.MIN_VALUE
  const pad = scale - frac
  if (digits + pad > 18) return i64.MIN_VALUE
  const v = acc * load<i64>(POW10 + (<usize>pad << 3))
  return negative ? -v : v
}

/**
 * Decodes the non-NULL cell of column descriptor `d` at `p` (cell bytes end by `end`) into
 * row `row` of its output; returns the position after the cell, or 0 for the host's path.
 */
function cell(d: usize, row: i32, p: usize, end: usize): usize {
  const kind = load<i32>(d)
  const out = <usize>load<u32>(d, 8)
  const r = <usize>row
  switch (kind) {
    case I8_AS_I16:
      if (p + 1 > end) return 0
      store<i16>(out + (r << 1), <i16>load<i8>(p))
      return p + 1
    case U8_AS_I16:
      if (p + 1 > end) return 0
      store<i16>(out + (r << 1), <i16>load<u8>(p))
      return p + 1
    case BOOL:
      if (p + 1 > end) return 0
      store<u8>(out + r, load<u8>(p) != 0 ? 1 : 0)
      return p + 1
    case I16:
    case U16_AS_I16:
      if (p + 2 > end) return 0
      store<u16>(out + (r << 1), load<u16>(p))
      return p + 2
    case U16_AS_I32:
      if (p + 2 > end) return 0
      store<i32>(out + (r << 2), <i32>load<u16>(p))
      return p + 2
    case I32:
    case F32:
      if (p + 4 > end) return 0
      store<u32>(out + (r << 2), load<u32>(p))
      return p + 4
    case U32_AS_I64:
      if (p + 4 > end) return 0
      store<i64>(out + (r << 3), <i64>load<u32>(p))
      return p + 4
    case I64:
    case F64:
      if (p + 8 > end) return 0
      store<u64>(out + (r << 3), load<u64>(p))
      return p + 8
    case DATETIME: {
      const n = <i32>load<u8>(p)
      if ((n != 4 && n != 7 && n != 11) || n > load<i32>(d, 4) || p + 1 + <usize>n > end) return 0
      const y = <i32>load<u16>(p + 1)
      const mo = <i32>load<u8>(p + 3)
      const dd = <i32>load<u8>(p + 4)
      if (!isCivilDate(y, mo, dd)) return 0
      const h: i64 = n > 4 ? <i64>load<u8>(p + 5) : 0
      const mi: i64 = n > 4 ? <i64>load<u8>(p + 6) : 0
      const sec: i64 = n > 4 ? <i64>load<u8>(p + 7) : 0
      const us: i64 = n > 7 ? <i64>load<u32>(p + 8) : 0
      if (h > 23 || mi > 59 || sec > 59 || us > 999_999) return 0
      store<i64>(out + (r << 3), civilDays(y, mo, dd) * MICROS_PER_DAY + ((h * 60 + mi) * 60 + sec) * 1_000_000 + us)
      return p + 1 + <usize>n
    }
    case DATE: {
      if (load<u8>(p) != 4 || p + 5 > end) return 0
      const y = <i32>load<u16>(p + 1)
      const mo = <i32>load<u8>(p + 3)
      const dd = <i32>load<u8>(p + 4)
      if (!isCivilDate(y, mo, dd)) return 0
      store<i32>(out + (r << 2), <i32>civilDays(y, mo, dd))
      return p + 5
    }
    case DECIMAL: {
      const len = lenEnc(p, end)
      const s = p + lenEncSize(<i32>load<u8>(p))
      if (len < 0 || s + <usize>len > end) return 0
      const v = scaledDecimal(s, s + <usize>len, load<i32>(d, 4))
      if (v == i64.MIN_VALUE) return 0
      const at = out + (r << 4)
      store<i64>(at, v)
      store<i64>(at, v >> 63, 8)
      return s + <usize>len
    }
    case BYTES: {
      const len = lenEnc(p, end)
      const s = p + lenEncSize(<i32>load<u8>(p))
      const max = load<i32>(d, 4)
      if (len < 0 || s + <usize>len > end || (max > 0 && len > <i64>max)) return 0
      const offsets = <usize>load<u32>(d, 12)
      const from = load<i32>(offsets + (r << 2))
      memory.copy(out + <usize>from, s, <usize>len)
      store<i32>(offsets + (r << 2), from + <i32>len, 4)
      return s + <usize>len
    }
    default:
      return 0
  }
}

/** Two ASCII digits at `p` as 0–99, or -1. */
@inline function two(p: usize): i32 {
  const a = <i32>load<u8>(p) - 48
  const b = <i32>load<u8>(p + 1) - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1
}

const U64_MAX_TENTH: u64 = 1844674407370955161 // floor((2^64 - 1) / 10)

/**
 * `[-+]digits` (at most 20) as a sign and a magnitude below 2^64; returns false for any other
 * shape or an overflow. The magnitude is left in the module global `magnitude`.
 */
let magnitude: u64 = 0
function asciiMagnitude(s: usize, e: usize): i32 {
  let i = s
  let sign: i32 = 1
  if (i < e) {
    const first = load<u8>(i)
    if (first == 45 || first == 43) {
      if (first == 45) sign = -1
      i++
    }
  }
  const n = <i32>(e - i)
  if (n < 1 || n > 20) return 0
  let acc: u64 = 0
  for (; i < e; i++) {
    const c = <u64>(<i32>load<u8>(i) - 48)
    if (c > 9) return 0
    if (acc > U64_MAX_TENTH || (acc == U64_MAX_TENTH && c > 5)) return 0
    acc = acc * 10 + c
  }
  magnitude = acc
  return sign
}

/**
 * Decodes the text-protocol cell `[s, e)` of column descriptor `d` into row `row`; false
 * for the host's path. Shapes and bounds as text-cells.ts / ascii.ts.
 */
function textCell(d: usize, row: i32, s: usize, e: usize): bool {
  const kind = load<i32>(d)
  const out = <usize>load<u32>(d, 8)
  const r = <usize>row
  if (kind == T_U64) {
    // BIGINT UNSIGNED: the full 0 – 2^64-1 range
    const sign = asciiMagnitude(s, e)
    if (sign == 0 || (sign < 0 && magnitude != 0)) return false
    store<u64>(out + (r << 3), magnitude)
    return true
  }
  if (kind == T_INT) {
    const sign = asciiMagnitude(s, e)
    if (sign == 0) return false
    // magnitudes up to 2^63 (the most negative i64); larger ones do not fit any signed bound
    if (magnitude > 0x8000000000000000 || (sign > 0 && magnitude == 0x8000000000000000)) return false
    const v: i64 = sign < 0 ? -(<i64>magnitude) : <i64>magnitude
    if (v < load<i64>(d, 24) || v > load<i64>(d, 32)) return false
    const width = load<i32>(d, 4)
    if (width == 1) store<u8>(out + r, v != 0 ? 1 : 0)
    else if (width == 2) store<i16>(out + (r << 1), <i16>v)
    else if (width == 4) store<i32>(out + (r << 2), <i32>v)
    else store<i64>(out + (r << 3), v)
    return true
  }
  if (kind == T_DATE) {
    if (e - s != 10 || load<u8>(s + 4) != 45 || load<u8>(s + 7) != 45) return false
    const hi = two(s)
    const lo = two(s + 2)
    const m = two(s + 5)
    const dd = two(s + 8)
    if (hi < 0 || lo < 0 || !isCivilDate(hi * 100 + lo, m, dd)) return false
    store<i32>(out + (r << 2), <i32>civilDays(hi * 100 + lo, m, dd))
    return true
  }
  if (kind == T_DATETIME) {
    const n = <i32>(e - s)
    if (n < 19 || n == 20 || n > 26) return false
    if (load<u8>(s + 4) != 45 || load<u8>(s + 7) != 45 || load<u8>(s + 10) != 32 || load<u8>(s + 13) != 58 || load<u8>(s + 16) != 58) return false
    const hi = two(s)
    const lo = two(s + 2)
    const mo = two(s + 5)
    const dd = two(s + 8)
    const h = two(s + 11)
    const mi = two(s + 14)
    const sec = two(s + 17)
    if (hi < 0 || lo < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return false
    if (!isCivilDate(hi * 100 + lo, mo, dd)) return false
    let us: i64 = 0
    if (n > 19) {
      if (load<u8>(s + 19) != 46) return false
      for (let k = s + 20; k < e; k++) {
        const c = <i32>load<u8>(k) - 48
        if (c < 0 || c > 9) return false
        us = us * 10 + <i64>c
      }
      us *= load<i64>(POW10 + (<usize>(26 - n) << 3))
    }
    const secs = <i64>((h * 60 + mi) * 60 + sec)
    store<i64>(out + (r << 3), civilDays(hi * 100 + lo, mo, dd) * MICROS_PER_DAY + secs * 1_000_000 + us)
    return true
  }
  return false
}

/** The NULL of column descriptor `d` in row `row`: a zero value (fixed width) or an empty range. */
function nullCell(d: usize, row: i32): void {
  const kind = load<i32>(d)
  const out = <usize>load<u32>(d, 8)
  const r = <usize>row
  if (kind == BYTES) {
    const offsets = <usize>load<u32>(d, 12)
    store<i32>(offsets + (r << 2), load<i32>(offsets + (r << 2)), 4)
  } else if (kind == BOOL || (kind == T_INT && load<i32>(d, 4) == 1)) {
    store<u8>(out + r, 0)
  } else if (kind == T_INT && load<i32>(d, 4) == 2) {
    store<u16>(out + (r << 1), 0)
  } else if (kind == T_INT && load<i32>(d, 4) == 8) {
    store<i64>(out + (r << 3), 0)
  } else if (kind == I8_AS_I16 || kind == U8_AS_I16 || kind == I16 || kind == U16_AS_I16) {
    store<u16>(out + (r << 1), 0)
  } else if (kind == DECIMAL) {
    store<i64>(out + (r << 4), 0)
    store<i64>(out + (r << 4), 0, 8)
  } else if (kind == I64 || kind == F64 || kind == U32_AS_I64 || kind == DATETIME || kind == T_DATETIME || kind == T_U64) {
    store<i64>(out + (r << 3), 0)
  } else {
    store<i32>(out + (r << 2), 0)
  }
}

/** One text-protocol row `[p, end)` into row `row`; false when any cell is for the host's path. */
function textRow(desc: usize, cols: i32, row: i32, body: usize, end: usize): bool {
  let p = body
  for (let c: i32 = 0; c < cols; c++) {
    const d = desc + <usize>c * DESC_BYTES
    if (p >= end) return false
    const b0 = <i32>load<u8>(p)
    if (b0 == 0xfb) {
      store<u8>(<usize>load<u32>(d, 16) + <usize>row, 0)
      nullCell(d, row)
      p++
      continue
    }
    store<u8>(<usize>load<u32>(d, 16) + <usize>row, 1)
    const kind = load<i32>(d)
    if (kind == DECIMAL || kind == BYTES) {
      p = cell(d, row, p, end)
      if (p == 0) return false
      continue
    }
    const len = lenEnc(p, end)
    const s = p + lenEncSize(b0)
    if (len < 0 || s + <usize>len > end || !textCell(d, row, s, s + <usize>len)) return false
    p = s + <usize>len
  }
  return p == end
}

/**
 * Decodes the complete row packets of `chunk[0, len)` (each: 3-byte length, sequence id,
 * 0x00, NULL bitmap, cells) into rows [0, maxRows) of the column outputs. Writes the bytes
 * consumed, the last sequence id (-1 for none) and why it stopped at `result`; returns the rows.
 * `text` selects the text protocol (no 0x00 header or NULL bitmap; 0xfb cells are NULL).
 * Descriptor: kind, param (DATETIME: longest length; DECIMAL: scale; BYTES: max value bytes or
 * 0; T_INT: value width), values, offsets (BYTES), validity (one byte per row), and for T_INT
 * the smallest and largest value as i64 at 24 and 32.
 */
export function decode(chunk: usize, len: i32, cols: i32, desc: usize, maxRows: i32, result: usize, text: i32): i32 {
  const nullBytes = text != 0 ? 0 : <usize>((cols + 9) >> 3)
  const limit = chunk + <usize>len
  let at = chunk
  let rows: i32 = 0
  let seq: i32 = -1
  let stop = STOP_END
  while (rows < maxRows) {
    if (limit - at < 4) break
    const plen = <i32>(load<u32>(at) & 0xffffff)
    if (plen >= MAX_PAYLOAD || plen == 0 || <i32>(limit - at) < 4 + plen) {
      stop = plen >= MAX_PAYLOAD || plen == 0 ? STOP_OTHER : STOP_END
      break
    }
    const body = at + 4
    const end = body + <usize>plen
    const first = load<u8>(body)
    if (text != 0 ? first == 0xfe || first == 0xff : first != 0 || body + 1 + nullBytes > end) {
      stop = STOP_OTHER
      break
    }
    if (text != 0) {
      if (!textRow(desc, cols, rows, body, end)) {
        stop = STOP_SLOW
        break
      }
      seq = <i32>load<u8>(at, 3)
      at = end
      rows++
      continue
    }
    const bitmap = body + 1
    let p = bitmap + nullBytes
    let c: i32 = 0
    for (; c < cols; c++) {
      const d = desc + <usize>c * DESC_BYTES
      const bit = c + 2
      const isNull = (<i32>load<u8>(bitmap + <usize>(bit >> 3)) & (1 << (bit & 7))) != 0
      store<u8>(<usize>load<u32>(d, 16) + <usize>rows, isNull ? 0 : 1)
      if (isNull) {
        nullCell(d, rows)
        continue
      }
      p = cell(d, rows, p, end)
      if (p == 0) break
    }
    if (c < cols || p != end) {
      stop = STOP_SLOW
      break
    }
    seq = <i32>load<u8>(at, 3)
    at = end
    rows++
  }
  store<i32>(result, <i32>(at - chunk))
  store<i32>(result, seq, 4)
  store<i32>(result, stop, 8)
  return rows
}
