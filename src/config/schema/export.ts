import { z } from 'zod'
import { FILE_SIZE_PATTERN } from '../file-size.js'
import { TARGET_NAMES, checkExport } from '../rules/export-rules.js'
import { checkModeMatrix } from '../rules/mode-rules.js'
import { ABSOLUTE_PATH_PATTERN, PARENT_COMPONENT_PATTERN } from '../rules/path-safety.js'
import { reporter, runWhenShaped } from '../rules/report.js'
import { columnTypePattern } from './column-type-pattern.js'
import { DestinationConfig } from './destination.js'
import { EXPORT_JSON_SCHEMA_RULES } from './export-json-rules.js'
import { Compression, CompressionProfile, FormatName, ParquetConfig } from './format.js'
import { TuningConfig } from './tuning.js'

const str = z.string().min(1)
const positive = z.number().int().min(1)

export const ExportMode = z.enum(['full', 'incremental', 'chunked', 'time_window'])
export type ExportMode = z.infer<typeof ExportMode>

/** `exports[].quality` (C24). */
export const QualityConfig = z
  .object({
    row_count_min: z.number().int().nonnegative().optional(),
    row_count_max: z.number().int().nonnegative().optional(),
    null_ratio_max: z.record(z.string(), z.number().min(0).max(1)).default({}).meta({ description: 'column → maximum NULL ratio (0..1).' }),
    unique_columns: z.array(str).default([]),
    unique_max_entries: positive.optional().meta({ description: 'Cap on distinct values tracked per unique column.' }),
  })
  .strict()
  .meta({ title: 'Quality' })
export type QualityConfig = z.infer<typeof QualityConfig>

/** `exports[].meta_columns` (C23). */
export const MetaColumns = z
  .object({ exported_at: z.boolean().default(false), row_hash: z.boolean().default(false) })
  .strict()
  .meta({ title: 'Meta columns' })
export type MetaColumns = z.infer<typeof MetaColumns>

/** One `exports[]` entry (C14–C29). Keys whose presence matters (compression) keep no zod default. */
export const ExportConfig = z
  .object({
    name: str.meta({ description: 'Unique, filename-safe export name.', pattern: '^(?!\\.)(?!.*\\.\\.)[^/\\\\\\u0000]+$' }),
    query: str.optional().meta({ description: 'Inline SQL.' }),
    query_file: str
      .optional()
      .meta({ description: 'SQL file relative to the config directory.', allOf: [{ not: { pattern: ABSOLUTE_PATH_PATTERN } }, { not: { pattern: PARENT_COMPONENT_PATTERN } }] }),
    table: str.optional().meta({ description: '`name` or `schema.name`; expands to `SELECT * FROM <table>`.', pattern: '^\\s*[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?\\s*$' }),
    mode: ExportMode.default('full'),
    cursor_column: str.optional().meta({ description: 'Incremental cursor column (required for `incremental`).' }),
    cursor_fallback_column: str.optional().meta({ description: 'Second cursor column for `coalesce` mode.' }),
    incremental_cursor_mode: z.enum(['single_column', 'coalesce']).default('single_column').meta({ description: '`coalesce` orders by COALESCE(cursor, fallback).' }),
    chunk_column: str.optional().meta({ description: 'Range-chunk column (integer, or date with `chunk_by_days`).' }),
    chunk_dense: z.boolean().default(false).meta({ description: 'ROW_NUMBER surrogate windows (chunked only).' }),
    chunk_size: positive.default(100_000).meta({ description: 'Key values per chunk.' }),
    chunk_size_memory_mb: positive.optional().meta({ description: 'Size chunks from catalog row width (needs `table:`).' }),
    chunk_count: positive.optional().meta({ description: 'Split the key range into N chunks.' }),
    chunk_by_days: positive.optional().meta({ description: 'Day-sized windows over a date/timestamp column.' }),
    chunk_by_key: str.optional().meta({ description: 'Keyset (seek) pagination on a unique NOT NULL key (needs `table:`).' }),
    parallel: positive.default(1).meta({ description: 'Parallel chunk workers.' }),
    chunk_checkpoint: z.boolean().default(false).meta({ description: 'Persist the chunk plan so `--resume` can continue.' }),
    chunk_max_attempts: positive.optional().meta({ description: 'Default `max_retries + 1`.' }),
    time_column: str.optional().meta({ description: 'Column compared with the window start (`time_window`).' }),
    time_column_type: z.enum(['timestamp', 'unix']).default('timestamp').meta({ description: '`unix` compares epoch seconds.' }),
    days_window: positive.optional().meta({ description: 'Window length in days (`time_window`).' }),
    partition_by: z.string().optional().meta({ description: 'Split into one child export per value bucket; needs `{partition}` in the destination.' }),
    partition_granularity: z.enum(['day', 'month', 'year']).default('day').meta({ description: 'Bucket size for `partition_by`.' }),
    format: FormatName.meta({ description: 'Output file format.' }),
    compression: Compression.optional().meta({ default: 'zstd' }),
    compression_level: z.number().int().nonnegative().optional().meta({ description: 'zstd 1–22 (default 3), gzip 0–10 (default 6).' }),
    compression_profile: CompressionProfile.optional().meta({ description: 'fast=snappy, balanced=zstd 3, compact=zstd 9; overrides `compression`.' }),
    max_file_size: z
      .union([z.string().meta({ pattern: FILE_SIZE_PATTERN }), positive])
      .optional()
      .meta({ description: 'Rotate output files at this size, e.g. `512MB`, `1.5GB` (binary units).' }),
    skip_empty: z.boolean().default(false).meta({ description: 'Write no file when the export has 0 rows.' }),
    parquet: ParquetConfig.optional(),
    destination: DestinationConfig,
    verify: z.enum(['size', 'content']).default('size').meta({ description: '`content` requires MD5 verification of every part.' }),
    reconcile_required: z.boolean().default(false).meta({ description: 'Advisory: this export should be reconciled.' }),
    meta_columns: MetaColumns.default({ exported_at: false, row_hash: false }),
    quality: QualityConfig.optional(),
    columns: z.record(z.string(), z.string().meta({ pattern: columnTypePattern() })).default({}).meta({ description: 'column → type override.' }),
    on_schema_drift: z.enum(['warn', 'continue', 'fail']).default('warn').meta({ description: 'What to do when the output schema changes.' }),
    shape_drift_warn_factor: z.number().nonnegative().default(2).meta({ description: '0 disables the shape-drift warning.' }),
    target: z.enum(TARGET_NAMES).optional().meta({ description: 'Default warehouse target for type reports.' }),
    source_group: str.optional().meta({ description: 'Label for exports sharing a source (plan prioritisation).' }),
    tuning: TuningConfig.optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    const report = reporter(ctx)
    checkExport(e, report)
    checkModeMatrix(e, report)
  }, runWhenShaped({ name: 'string', destination: 'object', columns: 'object' }, { quality: 'object', query_file: 'string', table: 'string', partition_by: 'string' }))
  .meta({ title: 'Export', allOf: EXPORT_JSON_SCHEMA_RULES })
export type ExportConfig = z.infer<typeof ExportConfig>
