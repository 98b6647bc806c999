/** Growth policy shared by the column builders: double, at least 16, at least `min`. */
export function nextCapacity(current: number, min: number): number {
  let cap = Math.max(current * 2, 16)
  while (cap < min) cap *= 2
  return cap
}

export function growBytes(buf: Uint8Array, used: number, min: number): Uint8Array {
  // allocUnsafeSlow: the builder only ever exposes the written prefix, and an own
  // ArrayBuffer keeps the batch's memory independent of Node's shared pool.
  const next = Buffer.allocUnsafeSlow(nextCapacity(buf.length, min))
  next.set(buf.subarray(0, used))
  return next
}

/** Zero-filled growth, for bitmaps whose unset bits must read as 0 (null / false). */
export function growZeroedBytes(buf: Uint8Array, min: number): Uint8Array {
  const next = new Uint8Array(nextCapacity(buf.length, min))
  next.set(buf)
  return next
}

export function growInt32(buf: Int32Array, min: number): Int32Array {
  const next = new Int32Array(nextCapacity(buf.length, min))
  next.set(buf)
  return next
}

export function growInt16(buf: Int16Array, min: number): Int16Array {
  const next = new Int16Array(nextCapacity(buf.length, min))
  next.set(buf)
  return next
}

export function growFloat64(buf: Float64Array, min: number): Float64Array {
  const next = new Float64Array(nextCapacity(buf.length, min))
  next.set(buf)
  return next
}

export function growFloat32(buf: Float32Array, min: number): Float32Array {
  const next = new Float32Array(nextCapacity(buf.length, min))
  next.set(buf)
  return next
}

/** 32-bit words; 64-bit and decimal columns write through these and expose wider views at finish. */
export function growUint32(buf: Uint32Array, min: number): Uint32Array {
  const next = new Uint32Array(nextCapacity(buf.length, min))
  next.set(buf)
  return next
}

/** The bytes of a typed array (same memory, no copy). */
export function bytesOf(v: ArrayBufferView): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength)
}
