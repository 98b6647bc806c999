import { type Data, Type } from 'apache-arrow'

/** A 64-bit uniqueness key as two 32-bit halves. */
export interface Key64 {
  hi: number
  lo: number
}

/** Writes the key of (non-null) row `i` into `key`. */
export type KeyOf = (i: number, key: Key64) => void

const RAW_TYPES: ReadonlySet<Type> = new Set([Type.Bool, Type.Int, Type.Float, Type.Date, Type.Time, Type.Timestamp])

/** True when {@link rawKeys} keys this type by value (no hashing needed). */
export function hasRawKeys(typeId: Type): boolean {
  return RAW_TYPES.has(typeId)
}

/**
 * For columns whose values fit in 64 bits (integers, floats by bit pattern, booleans,
 * dates, times, timestamps) the value itself is the uniqueness key: exact, and no hashing
 * per cell. Wider or variable-width types return undefined and are hashed instead.
 */
export function rawKeys(data: Data): KeyOf | undefined {
  switch (data.typeId) {
    case Type.Bool: {
      const bits = data.values as Uint8Array
      const off = data.offset
      return (i, key) => {
        key.hi = 0
        key.lo = (bits[(off + i) >> 3] ?? 0) & (1 << ((off + i) & 7)) ? 1 : 0
      }
    }
    case Type.Int:
    case Type.Float:
    case Type.Date:
    case Type.Time:
    case Type.Timestamp:
      return numericKeys(data.values as ArrayBufferView)
    default:
      return undefined
  }
}

function numericKeys(values: ArrayBufferView): KeyOf | undefined {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.byteLength >> 2)
  if (values instanceof BigInt64Array || values instanceof BigUint64Array || values instanceof Float64Array) {
    return (i, key) => {
      key.lo = words[i * 2] ?? 0
      key.hi = words[i * 2 + 1] ?? 0
    }
  }
  if (values instanceof Int32Array || values instanceof Uint32Array || values instanceof Float32Array) {
    return (i, key) => {
      key.hi = 0
      key.lo = words[i] ?? 0
    }
  }
  if (values instanceof Int16Array || values instanceof Uint16Array || values instanceof Int8Array || values instanceof Uint8Array) {
    const v = values as Int16Array
    return (i, key) => {
      key.hi = 0
      key.lo = v[i] ?? 0
    }
  }
  return undefined
}
