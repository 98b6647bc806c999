import { RivetError } from '../errors/index.js'
import type { OutputPlan } from '../plan/run-plan.js'
import { CsvFormat } from './csv/csv-format.js'
import type { Format } from './format.js'
import { ParquetFormat } from './parquet/parquet-format.js'

/** The format for an export's output plan (parquet-wasm itself loads on first Parquet write). */
export function createFormat(output: OutputPlan): Format {
  switch (output.format) {
    case 'parquet':
      return new ParquetFormat(output)
    case 'csv':
      return new CsvFormat()
    default:
      return assertNever(output.format)
  }
}

function assertNever(value: never): never {
  throw new RivetError('RIVET_INTERNAL', `format: unknown output format ${String(value)}`)
}
