// PostgreSQL DataRow decoder in AssemblyScript (compiled by dev/build-wasm.mjs; host:
// src/source/postgres/wire/wasm-rows.ts). Input: backend messages copied into this module's
// memory and one 24-byte descriptor per column. Output, per column: values in Arrow layout (or
// offsets and bytes) and one validity byte per row. A row is decoded whole or not at all: any
// field outside the plain shapes below stops the call before that row, and the host decodes it
// the exact way (src/source/postgres/wire/field-decoders.ts), so both give the same values.

import { fillPow10, POW10 } from './shared'
export { heapBase } from './shared'

// column kinds (descriptor field 0); every binary value is big-endian on the wire
const BOOL: i32 = 1
const I16: i32 = 2
const I32: i32 = 3
const I64: i32 = 4 // int8, and time (microseconds)
const OID_AS_I64: i32 = 5
const F32: i32 = 6
const F64: i32 = 7
const DATE: i32 = 8
const TIMESTAMP: i32 = 9 // microseconds
const UUID: i32 = 10
const NUMERIC: i32 = 11 // param: the Decimal128 scale, 0–18
const BYTES: i32 = 12 // param: max bytes (0: none); param2: leading bytes to skip (jsonb's version byte)

const DESC_BYTES: usize = 24

// why a call stopped (result field 1)
const STOP_END: i32 = 0 // no complete message left
const STOP_OTHER: i32 = 1 // a message that is not a DataRow of this shape
const STOP_SLOW: i32 = 2 // a row with a field for the host's exact path

const DATA_ROW: u8 = 68 // 'D'
const PG_EPOCH_DAYS: i32 = 10_957
const PG_EPOCH_MICROS: i64 = 946_684_800_000_000
const NUMERIC_NEG: i32 = 0x4000
/** Base-10000 Horner steps cannot overflow an i64 while the accumulator is at most this. */
const ACC_MAX: i64 = (i64.MAX_VALUE - 9999) / 10000

export function init(): void {
  fillPow10()
}

@inline function be16(p: usize): i32 {
  return <i32>(<i16>bswap<u16>(load<u16>(p)))
}

@inline function be32(p: usize): i32 {
  return <i32>bswap<u32>(load<u32>(p))
}

@inline function be64(p: usize): i64 {
  return <i64>bswap<u64>(load<u64>(p))
}

/**
 * `numeric_send` bytes at `p` (`len` long) as the value × 10^scale, truncated toward zero like
 * numeric-binary.ts; i64.MIN_VALUE for NaN, ±Infinity, a malformed field or an i64 overflow.
 */
function numericScaled(p: usize, len: i32, scale: i32): i64 {
  if (len < 8) return i64.MIN_VALUE
  const ndigits = be16(p)
  const weight = be16(p + 2)
  const sign = <i32>bswap<u16>(load<u16>(p + 4))
  if (sign != 0 && sign != NUMERIC_NEG) return i64.MIN_VALUE
  if (ndigits < 0 || len != 8 + ndigits * 2) return i64.MIN_VALUE
  const groups = weight + 1 + (scale + 3) / 4
  if (groups <= 0 || ndigits == 0) return 0
  // the last group contributes only its digits above the 10^-scale place (`extra` of its four
  // are dropped, truncating like the host), so the accumulator never holds them
  const extra = 4 * (groups - weight - 1) - scale
  let acc: i64 = 0
  for (let g: i32 = 0; g < groups; g++) {
    let d: i64 = g < ndigits ? <i64>be16(p + 8 + (<usize>g << 1)) : 0
    let limit = ACC_MAX
    let mul: i64 = 10000
    if (g == groups - 1 && extra > 0) {
      mul = load<i64>(POW10 + (<usize>(4 - extra) << 3))
      d /= load<i64>(POW10 + (<usize>extra << 3))
      limit = (i64.MAX_VALUE - 9999) / mul
    }
    if (acc > limit || d < 0) return i64.MIN_VALUE
    acc = acc * mul + d
  }
  return (sign & NUMERIC_NEG) != 0 ? -acc : acc
}

/**
 * Decodes the non-NULL field of column descriptor `d` (`len` bytes at `p`) into row `row` of
 * its output; false for the host's path.
 */
function field(d: usize, row: i32, p: usize, len: i32): bool {
  const kind = load<i32>(d)
  const out = <usize>load<u32>(d, 8)
  const r = <usize>row
  switch (kind) {
    case BOOL:
      if (len != 1) return false
      store<u8>(out + r, load<u8>(p) != 0 ? 1 : 0)
      return true
    case I16:
      if (len != 2) return false
      store<u16>(out + (r << 1), bswap<u16>(load<u16>(p)))
      return true
    case I32:
    case F32:
      if (len != 4) return false
      store<u32>(out + (r << 2), bswap<u32>(load<u32>(p)))
      return true
    case I64:
    case F64:
      if (len != 8) return false
      store<u64>(out + (r << 3), bswap<u64>(load<u64>(p)))
      return true
    case OID_AS_I64:
      if (len != 4) return false
      store<i64>(out + (r << 3), <i64>bswap<u32>(load<u32>(p)))
      return true
    case DATE: {
      if (len != 4) return false
      const days = be32(p)
      if (days == i32.MAX_VALUE || days == i32.MIN_VALUE) return false // ±infinity: the host reports it
      store<i32>(out + (r << 2), days + PG_EPOCH_DAYS)
      return true
    }
    case TIMESTAMP: {
      if (len != 8) return false
      const micros = be64(p)
      // ±infinity, and anything whose shift past the epoch would leave the i64 range
      if (micros >= i64.MAX_VALUE - PG_EPOCH_MICROS || micros == i64.MIN_VALUE) return false
      store<i64>(out + (r << 3), micros + PG_EPOCH_MICROS)
      return true
    }
    case UUID:
      if (len != 16) return false
      memory.copy(out + (r << 4), p, 16)
      return true
    case NUMERIC: {
      const v = numericScaled(p, len, load<i32>(d, 4))
      if (v == i64.MIN_VALUE) return false
      const at = out + (r << 4)
      store<i64>(at, v)
      store<i64>(at, v >> 63, 8)
      return true
    }
    case BYTES: {
      const max = load<i32>(d, 4)
      const skip = load<i32>(d, 20)
      if ((max > 0 && len > max) || len < skip) return false
      const offsets = <usize>load<u32>(d, 12)
      const from = load<i32>(offsets + (r << 2))
      const n = len - skip
      memory.copy(out + <usize>from, p + <usize>skip, <usize>n)
      store<i32>(offsets + (r << 2), from + n, 4)
      return true
    }
    default:
      return false
  }
}

/** The NULL of column descriptor `d` in row `row`: a zero value (fixed width) or an empty range. */
function nullField(d: usize, row: i32): void {
  const kind = load<i32>(d)
  const out = <usize>load<u32>(d, 8)
  const r = <usize>row
  if (kind == BYTES) {
    const offsets = <usize>load<u32>(d, 12)
    store<i32>(offsets + (r << 2), load<i32>(offsets + (r << 2)), 4)
  } else if (kind == BOOL) {
    store<u8>(out + r, 0)
  } else if (kind == I16) {
    store<u16>(out + (r << 1), 0)
  } else if (kind == I32 || kind == F32 || kind == DATE) {
    store<u32>(out + (r << 2), 0)
  } else if (kind == UUID || kind == NUMERIC) {
    store<u64>(out + (r << 4), 0)
    store<u64>(out + (r << 4), 0, 8)
  } else {
    store<u64>(out + (r << 3), 0)
  }
}

/**
 * Decodes consecutive complete DataRow messages of `cols` fields from `[chunk, chunk + len)`,
 * at most `maxRows`, into the outputs of the descriptors at `desc` (24 bytes per column:
 * kind, param, values, offsets, validity, param2). Returns the rows decoded and writes to
 * `result` the bytes consumed and why it stopped.
 */
export function decode(chunk: usize, len: i32, cols: i32, desc: usize, maxRows: i32, result: usize): i32 {
  const limit = chunk + <usize>len
  let at = chunk
  let rows: i32 = 0
  let stop = STOP_END
  while (rows < maxRows) {
    if (limit - at < 5) break
    if (load<u8>(at) != DATA_ROW) {
      stop = STOP_OTHER
      break
    }
    const mlen = be32(at + 1)
    if (mlen < 6 || <i64>(limit - at) < <i64>mlen + 1) {
      stop = mlen < 6 ? STOP_OTHER : STOP_END
      break
    }
    const end = at + 1 + <usize>mlen
    if (be16(at + 5) != cols) {
      stop = STOP_OTHER
      break
    }
    let p = at + 7
    let c: i32 = 0
    for (; c < cols; c++) {
      const d = desc + <usize>c * DESC_BYTES
      if (p + 4 > end) break
      const flen = be32(p)
      p += 4
      if (flen < 0) {
        store<u8>(<usize>load<u32>(d, 16) + <usize>rows, 0)
        nullField(d, rows)
        continue
      }
      if (p + <usize>flen > end || !field(d, rows, p, flen)) break
      store<u8>(<usize>load<u32>(d, 16) + <usize>rows, 1)
      p += <usize>flen
    }
    if (c < cols || p != end) {
      stop = STOP_SLOW
      break
    }
    at = end
    rows++
  }
  store<i32>(result, <i32>(at - chunk))
  store<i32>(result, stop, 4)
  return rows
}
