import { z } from 'zod'

export const FormatName = z.enum(['parquet', 'csv'])
export type FormatName = z.infer<typeof FormatName>

export const Compression = z.enum(['zstd', 'snappy', 'gzip', 'lz4', 'none'])
export type Compression = z.infer<typeof Compression>

export const CompressionProfile = z.enum(['none', 'fast', 'balanced', 'compact'])
export type CompressionProfile = z.infer<typeof CompressionProfile>

export const RowGroupStrategy = z.enum(['auto', 'fixed_rows', 'fixed_memory'])
export type RowGroupStrategy = z.infer<typeof RowGroupStrategy>

/** `exports[].parquet` (G-section). */
export const ParquetConfig = z
  .object({
    row_group_strategy: RowGroupStrategy.optional().meta({ description: 'Row-group sizing (default auto).' }),
    row_group_rows: z.number().int().min(1).optional().meta({ description: 'Rows per row group with `fixed_rows`.' }),
    target_row_group_mb: z.number().int().min(1).optional().meta({ description: 'Target row-group size (MB, default 128).' }),
    max_row_group_mb: z.number().int().min(1).optional().meta({ description: 'Upper bound on row-group size (MB).' }),
  })
  .strict()
  .meta({ title: 'Parquet' })
export type ParquetConfig = z.infer<typeof ParquetConfig>
