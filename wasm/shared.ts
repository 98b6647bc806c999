// Helpers every kernel under wasm/ imports (AssemblyScript compiles them into each module).

/** 10^0 … 10^19 as 64-bit integers, filled by fillPow10() from each module's init(). */
export const POW10: usize = memory.data(8 * 20)

export function fillPow10(): void {
  let p: u64 = 1
  for (let k: i32 = 0; k < 20; k++) {
    store<u64>(POW10 + (<usize>k << 3), p)
    p *= 10
  }
}

/** First address the host may use: everything below holds the module's static tables. */
export function heapBase(): usize {
  return __heap_base
}
