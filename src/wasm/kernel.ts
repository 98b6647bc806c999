/**
 * Loading and feeding the small wasm modules built from wasm/*.ts (dev/build-wasm.mjs). Each is
 * a single instance with one linear memory that the host lays out itself: everything from
 * `base` up is scratch space for the current call, grown on demand and never shrunk.
 */

/** The parts of the WebAssembly API used here (TypeScript's Node lib does not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object
  readonly Instance: new (module: object, imports: object) => { readonly exports: object }
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly

const PAGE = 65536
/** Beyond this much memory the caller takes its JS path instead (wasm32 tops out at 4 GiB). */
export const MAX_KERNEL_MEMORY = 1 << 30

export interface Kernel<E> {
  readonly exports: E
  /** First free address (8-aligned) above the module's own static data. */
  readonly base: number
  /** Makes the memory at least `bytes` long; false when it cannot (the caller falls back). */
  reserve(bytes: number): boolean
  /** The whole memory as bytes (a new view after every growth). */
  bytes(): Uint8Array
  /** The whole memory as a DataView (a new view after every growth). */
  view(): DataView
}

/** The base exports every module has. */
interface BaseExports {
  readonly memory: WasmMemory
  readonly init: () => void
  readonly heapBase: () => number
}

export function align8(p: number): number {
  return (p + 7) & ~7
}

/** Compiles and instantiates a module from its base64 bytes and runs its `init`. */
export function loadKernel<E extends object>(base64: string): Kernel<E> {
  const module = new wasmApi.Module(Buffer.from(base64, 'base64'))
  const exports = new wasmApi.Instance(module, {}).exports as BaseExports & E
  exports.init()
  const memory = exports.memory
  let bytes = new Uint8Array(memory.buffer)
  let view = new DataView(memory.buffer)
  const refresh = (): void => {
    if (bytes.buffer !== memory.buffer) {
      bytes = new Uint8Array(memory.buffer)
      view = new DataView(memory.buffer)
    }
  }
  return {
    exports,
    base: align8(exports.heapBase()),
    reserve(need) {
      if (need > MAX_KERNEL_MEMORY) return false
      const have = memory.buffer.byteLength
      if (need <= have) return true
      try {
        memory.grow(Math.ceil((need - have) / PAGE))
      } catch (err) {
        // the engine could not reserve the memory: the caller takes its JS path
        if (err instanceof RangeError) return false
        throw err
      }
      return true
    },
    bytes() {
      refresh()
      return bytes
    },
    view() {
      refresh()
      return view
    },
  }
}
