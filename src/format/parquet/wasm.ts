import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type * as ParquetWasm from 'parquet-wasm'

/**
 * A compiled `WebAssembly.Module`, opaque to rivet. TypeScript's ES lib (no DOM) has no
 * WebAssembly declarations, so the constructor is typed here.
 */
export type CompiledWasm = object
type Glue = typeof ParquetWasm & { initSync(init: { module: CompiledWasm }): unknown }
const { Module: WasmModule } = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => CompiledWasm } })
  .WebAssembly

const resolveHere = createRequire(import.meta.url)
let compiled: CompiledWasm | undefined
let cached: typeof ParquetWasm | undefined

/**
 * parquet-wasm's WebAssembly module, compiled once per process. The main thread and every
 * encoder thread instantiate this same module (a `WebAssembly.Module` can be posted to a
 * worker), so V8 compiles and optimizes the 5 MB of wasm code once, not once per file.
 */
export function parquetWasmModule(): CompiledWasm {
  compiled ??= new WasmModule(readFileSync(resolveHere.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')))
  return compiled
}

/** Path of parquet-wasm's ES module build, the JS glue that `initSync` binds to `parquetWasmModule()`. */
export function parquetGluePath(): string {
  return resolveHere.resolve('parquet-wasm/esm')
}

/**
 * parquet-wasm on this thread, loaded on first use (CSV-only runs and `rivet --help` do not
 * pay for compiling it).
 */
export function parquetWasm(): typeof ParquetWasm {
  if (cached === undefined) {
    const glue = resolveHere(parquetGluePath()) as Glue
    glue.initSync({ module: parquetWasmModule() })
    cached = glue
  }
  return cached
}
