import { createRequire } from 'node:module'
import type * as ParquetWasm from 'parquet-wasm'

let cached: typeof ParquetWasm | undefined

/**
 * parquet-wasm, loaded on first use: its Node build compiles the wasm module synchronously
 * at require time, which CSV-only runs and `rivet --help` should not pay for.
 */
export function parquetWasm(): typeof ParquetWasm {
  cached ??= createRequire(import.meta.url)('parquet-wasm') as typeof ParquetWasm
  return cached
}
