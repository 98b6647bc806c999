import type { RivetType } from '../types/index.js'

/**
 * The resolved run plan: everything execution needs for one export, decided once by
 * `plan/build-plan.ts` from the validated config and the CLI flags. Execution reads only
 * this; it never re-derives a decision from the YAML (ADR-0003 layers, STYLE §5).
 * Field names are camelCase; values are fully defaulted.
 */
export type SourceEngine = 'postgres' | 'mysql' | 'mssql'
export type SourceEnvironment = 'local' | 'replica' | 'production'
export type TlsMode = 'disable' | 'require' | 'verify-ca' | 'verify-full'

export interface ResolvedTls {
  readonly mode: TlsMode
  /** True when the YAML wrote `mode:` explicitly (C12 contradiction rule). */
  readonly modeExplicit: boolean
  /** Absolute path of the PEM CA bundle, when configured. */
  readonly caFile?: string
  readonly acceptInvalidCerts: boolean
  readonly acceptInvalidHostnames: boolean
}

/** Where the connection URL or password came from; kept so artifacts can be re-resolved (K02). */
export type SecretOrigin =
  | { readonly kind: 'inline' }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'none' }

export type SourceConnection =
  | { readonly kind: 'url'; readonly url: string; readonly origin: SecretOrigin }
  | {
      readonly kind: 'fields'
      readonly host: string
      readonly port: number
      readonly user: string
      readonly password: string | undefined
      readonly passwordOrigin: SecretOrigin
      readonly database: string
    }

export interface ResolvedSource {
  readonly engine: SourceEngine
  readonly connection: SourceConnection
  /** `undefined` means no `tls:` block was written (C13 loopback/remote rule applies). */
  readonly tls: ResolvedTls | undefined
  readonly environment: SourceEnvironment | undefined
}

export type TuningProfileName = 'fast' | 'balanced' | 'safe'
export type BatchMemoryPolicy = 'warn' | 'fail' | 'auto_shrink'

/** Effective tuning (E01–E02): profile defaults, then source fields, then export fields. */
export interface SourceTuning {
  readonly profile: TuningProfileName
  readonly batchSize: number
  readonly batchSizeMemoryMb: number | undefined
  readonly throttleMs: number
  /** 0 = no statement timeout. */
  readonly statementTimeoutS: number
  readonly maxRetries: number
  readonly retryBackoffMs: number
  /** 0 = no lock timeout. */
  readonly lockTimeoutS: number
  /** 0 = no RSS gate. */
  readonly memoryThresholdMb: number
  readonly maxBatchMemoryMb: number | undefined
  readonly onBatchMemoryExceeded: BatchMemoryPolicy
  readonly adaptive: boolean
  readonly minParallel: number | undefined
  /** `undefined` or 0 disables the per-value ceiling (E05). */
  readonly maxValueMb: number | undefined
}

export type IncrementalCursorMode = 'single_column' | 'coalesce'

export interface IncrementalCursorPlan {
  readonly primaryColumn: string
  readonly fallbackColumn: string | undefined
  readonly mode: IncrementalCursorMode
}

/** Name of the synthetic coalesced cursor column (D08); stripped before writing. */
export const COALESCED_CURSOR_COLUMN = '_rivet_coalesced_cursor'

export interface ChunkedPlan {
  /** `undefined` = auto-resolve from the table's single-integer primary key at run time (D15). */
  readonly column: string | undefined
  readonly chunkSize: number
  readonly chunkSizeMemoryMb: number | undefined
  readonly chunkCount: number | undefined
  readonly parallel: number
  readonly dense: boolean
  readonly byDays: number | undefined
  readonly checkpoint: boolean
  readonly maxAttempts: number
  /** True when `chunk_column`/`chunk_count`/`chunk_by_days`/`chunk_checkpoint` were written (D17). */
  readonly shapeExplicit: boolean
}

export type ExtractionStrategy =
  | { readonly kind: 'snapshot' }
  | { readonly kind: 'incremental'; readonly cursor: IncrementalCursorPlan }
  | { readonly kind: 'chunked'; readonly chunked: ChunkedPlan }
  | { readonly kind: 'keyset'; readonly keyColumn: string; readonly chunkSize: number }
  | {
      readonly kind: 'timeWindow'
      readonly column: string
      readonly columnType: 'timestamp' | 'unix'
      readonly daysWindow: number
    }

/** Labels used in metrics, summaries and artifacts (D01). */
export type StrategyLabel = 'full' | 'incremental' | 'chunked' | 'keyset' | 'timewindow'

export function strategyLabel(s: ExtractionStrategy): StrategyLabel {
  switch (s.kind) {
    case 'snapshot':
      return 'full'
    case 'timeWindow':
      return 'timewindow'
    default:
      return s.kind
  }
}

export type FormatName = 'parquet' | 'csv'
export type Compression = 'zstd' | 'snappy' | 'gzip' | 'lz4' | 'none'
export type RowGroupStrategy = 'auto' | 'fixed_rows' | 'fixed_memory'

export interface ParquetPlan {
  readonly rowGroupStrategy: RowGroupStrategy
  readonly rowGroupRows: number | undefined
  readonly targetRowGroupMb: number
  readonly maxRowGroupMb: number | undefined
}

export interface OutputPlan {
  readonly format: FormatName
  readonly compression: Compression
  /** Effective level for zstd/gzip (defaults 3 and 6); undefined for other codecs. */
  readonly compressionLevel: number | undefined
  readonly maxFileSizeBytes: number | undefined
  readonly skipEmpty: boolean
  /** `undefined` when no `parquet:` block was written (G02 default row groups, G05 rule). */
  readonly parquet: ParquetPlan | undefined
}

export type DestinationType = 'local' | 's3' | 'gcs' | 'azure' | 'stdout'

export interface DestinationPlan {
  readonly type: DestinationType
  readonly path: string | undefined
  readonly bucket: string | undefined
  /** Raw prefix as written; `{date}`/`{export}`/`{table}` are expanded at run time (C32). */
  readonly prefix: string | undefined
  readonly region: string | undefined
  readonly endpoint: string | undefined
  readonly credentialsFile: string | undefined
  readonly accessKeyEnv: string | undefined
  readonly secretKeyEnv: string | undefined
  readonly sessionTokenEnv: string | undefined
  readonly awsProfile: string | undefined
  readonly accountName: string | undefined
  readonly accountKeyEnv: string | undefined
  readonly sasTokenEnv: string | undefined
  readonly allowAnonymous: boolean
}

export interface QualityPlan {
  readonly rowCountMin: number | undefined
  readonly rowCountMax: number | undefined
  /** column → max null ratio (0..1), in YAML order. */
  readonly nullRatioMax: readonly (readonly [string, number])[]
  readonly uniqueColumns: readonly string[]
  readonly uniqueMaxEntries: number | undefined
}

export interface MetaColumnsPlan {
  readonly exportedAt: boolean
  readonly rowHash: boolean
}

/** column name → replacement type (C25/Q07), in YAML order. */
export type ColumnOverrides = ReadonlyMap<string, RivetType>

export interface TableRef {
  readonly schema: string | undefined
  readonly name: string
}

/** CLI flags that shape one run (B01). */
export interface RunFlags {
  readonly validate: boolean
  readonly reconcile: boolean
  readonly resume: boolean
  readonly force: boolean
}

export interface ResolvedRunPlan {
  readonly exportName: string
  /** The export query: `query`, the `query_file` contents (substituted), or `SELECT * FROM <table>`. */
  readonly baseQuery: string
  readonly queryOrigin: 'query' | 'query_file' | 'table'
  /** Set when the export used `table:` (enables introspection features). */
  readonly table: TableRef | undefined
  readonly source: ResolvedSource
  readonly strategy: ExtractionStrategy
  readonly output: OutputPlan
  readonly destination: DestinationPlan
  readonly quality: QualityPlan | undefined
  readonly metaColumns: MetaColumnsPlan
  readonly tuning: SourceTuning
  readonly columnOverrides: ColumnOverrides
  readonly schemaDrift: 'warn' | 'continue' | 'fail'
  /** 0 disables the shape-drift warning (P02). */
  readonly shapeDriftWarnFactor: number
  readonly verify: 'size' | 'content'
  readonly reconcileRequired: boolean
  readonly sourceGroup: string | undefined
  readonly target: string | undefined
  readonly partition: { readonly column: string; readonly granularity: 'day' | 'month' | 'year' } | undefined
  readonly flags: RunFlags
  /** Absolute path of the config file and its directory (state DB and `.rivet/runs` live there, C05/I01). */
  readonly configPath: string
  readonly configDir: string
}
