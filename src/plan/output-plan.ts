import { parseFileSize, type Compression, type CompressionProfile, type ExportConfig } from '../config/index.js'
import type { OutputPlan } from './run-plan.js'

const PROFILE_CODECS: Readonly<Record<CompressionProfile, { codec: Compression; level: number | undefined }>> = {
  none: { codec: 'none', level: undefined },
  fast: { codec: 'snappy', level: undefined },
  balanced: { codec: 'zstd', level: 3 },
  compact: { codec: 'zstd', level: 9 },
}

const DEFAULT_LEVELS: Partial<Record<Compression, number>> = { zstd: 3, gzip: 6 }

/** C21/G: effective codec and level, file rotation, row groups. Warnings name the keys involved. */
export function resolveOutput(e: ExportConfig, warnings: string[]): OutputPlan {
  let codec: Compression
  let level: number | undefined
  if (e.compression_profile !== undefined) {
    const p = PROFILE_CODECS[e.compression_profile]
    codec = p.codec
    level = p.level
    if (e.compression !== undefined && e.compression !== p.codec) {
      warnings.push(`export '${e.name}': compression_profile '${e.compression_profile}' overrides explicit compression '${e.compression}' (using '${p.codec}')`)
    } else if (e.compression_level !== undefined) {
      warnings.push(`export '${e.name}': compression_profile '${e.compression_profile}' overrides explicit compression_level (the profile sets its own level)`)
    }
  } else {
    // CSV has no encoder: an unset codec means uncompressed (an explicit one is rejected at load).
    codec = e.compression ?? (e.format === 'csv' ? 'none' : 'zstd')
    level = e.compression_level ?? DEFAULT_LEVELS[codec]
  }
  const p = e.parquet
  return {
    format: e.format,
    compression: codec,
    compressionLevel: codec === 'zstd' || codec === 'gzip' ? (level ?? DEFAULT_LEVELS[codec]) : undefined,
    maxFileSizeBytes: e.max_file_size === undefined ? undefined : parseFileSize(e.max_file_size),
    skipEmpty: e.skip_empty,
    parquet:
      p === undefined
        ? undefined
        : { rowGroupStrategy: p.row_group_strategy ?? 'auto', rowGroupRows: p.row_group_rows, targetRowGroupMb: p.target_row_group_mb ?? 128, maxRowGroupMb: p.max_row_group_mb },
  }
}
