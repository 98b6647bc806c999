import type { JsonValue } from '../json/json-value.js'

/**
 * The state store (I-section). Repos are written once against {@link StateDb}; backends
 * (SQLite now, PostgreSQL via `RIVET_STATE_URL` later) differ only there. All methods are
 * async so a network backend fits without touching callers. Timestamps are RFC 3339 UTC
 * strings; counts are plain numbers (safe below 2^53).
 */
export type SqlValue = string | number | bigint | null

export interface StateDb {
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>
  all<T>(sql: string, params: readonly SqlValue[], parse: (row: unknown) => T): Promise<T[]>
  exec(sql: string): Promise<void>
  /** Runs `fn` in one transaction (BEGIN IMMEDIATE on SQLite); rolls back when it throws. */
  transaction<T>(fn: () => Promise<T>): Promise<T>
  close(): Promise<void>
}

export interface CursorRow {
  readonly exportName: string
  readonly lastCursorValue: string | null
  readonly lastRunAt: string | null
}

export interface CursorRepo {
  get(exportName: string): Promise<CursorRow | undefined>
  list(): Promise<CursorRow[]>
  set(exportName: string, cursorValue: string | null, at: string): Promise<void>
  /** Deletes the cursor row; resolves to whether one existed. */
  reset(exportName: string): Promise<boolean>
}

export type RunStatus = 'success' | 'failed' | 'skipped'

export interface MetricsRow {
  readonly exportName: string
  readonly runId: string
  readonly runAt: string
  readonly durationMs: number
  readonly totalRows: number
  readonly peakRssMb: number | null
  readonly status: RunStatus
  readonly errorMessage: string | null
  readonly tuningProfile: string | null
  readonly format: string | null
  readonly mode: string | null
  readonly filesProduced: number
  readonly bytesWritten: number
  readonly retries: number
  readonly validated: boolean | null
  readonly schemaChanged: boolean | null
}

export interface MetricsRepo {
  insert(row: MetricsRow): Promise<void>
  /** Newest first. */
  recent(opts: { exportName?: string; limit: number }): Promise<(MetricsRow & { id: number })[]>
}

export interface FileLogRow {
  readonly runId: string
  readonly exportName: string
  readonly fileName: string
  readonly rowCount: number
  readonly bytes: number
  readonly format: string
  readonly compression: string | null
  readonly createdAt: string
}

export interface FileLogRepo {
  insert(row: FileLogRow): Promise<void>
  /** Newest first. */
  recent(opts: { exportName?: string; limit: number }): Promise<(FileLogRow & { id: number })[]>
  forRun(runId: string): Promise<FileLogRow[]>
}

/** One column of a stored schema snapshot (I08): name + Arrow type string. */
export interface SchemaColumn {
  readonly name: string
  readonly type: string
}

export interface SchemaRepo {
  get(exportName: string): Promise<{ columns: SchemaColumn[]; updatedAt: string } | undefined>
  put(exportName: string, columns: readonly SchemaColumn[], at: string): Promise<void>
}

export interface ShapeRepo {
  /** column → stored max byte length. */
  get(exportName: string): Promise<Map<string, number>>
  /** Keeps the running MAX per column (P02). */
  merge(exportName: string, maxByteLens: ReadonlyMap<string, number>, at: string): Promise<void>
}

export interface ProgressionBoundary {
  readonly strategy: string
  readonly cursor: string | null
  readonly chunkIndex: number | null
  readonly runId: string
  readonly at: string
}

export interface ProgressionRow {
  readonly exportName: string
  readonly committed: ProgressionBoundary | undefined
  readonly verified: ProgressionBoundary | undefined
}

export interface ProgressionRepo {
  get(exportName: string): Promise<ProgressionRow | undefined>
  list(): Promise<ProgressionRow[]>
  commit(exportName: string, boundary: ProgressionBoundary): Promise<void>
  verify(exportName: string, boundary: ProgressionBoundary): Promise<void>
  reset(exportName: string): Promise<boolean>
}

export type ChunkRunStatus = 'in_progress' | 'completed'
export type ChunkTaskStatus = 'pending' | 'running' | 'completed' | 'failed'

export interface ChunkRunRow {
  readonly runId: string
  readonly exportName: string
  readonly planHash: string
  readonly status: ChunkRunStatus
  readonly maxChunkAttempts: number
  readonly createdAt: string
  readonly updatedAt: string
}

export interface ChunkTaskRow {
  readonly runId: string
  readonly chunkIndex: number
  readonly startKey: string
  readonly endKey: string
  readonly status: ChunkTaskStatus
  readonly attempts: number
  readonly lastError: string | null
  readonly rowsWritten: number | null
  readonly fileName: string | null
  readonly updatedAt: string
}

export interface CheckpointRepo {
  createRun(run: ChunkRunRow, tasks: readonly { chunkIndex: number; startKey: string; endKey: string }[]): Promise<void>
  latestRun(exportName: string): Promise<ChunkRunRow | undefined>
  inProgressRun(exportName: string): Promise<ChunkRunRow | undefined>
  tasks(runId: string): Promise<ChunkTaskRow[]>
  /** Atomically moves the lowest pending task (attempts < max) to running and bumps attempts. */
  claimNext(runId: string, maxAttempts: number, at: string): Promise<ChunkTaskRow | undefined>
  completeTask(runId: string, chunkIndex: number, rowsWritten: number, fileName: string | null, at: string): Promise<void>
  failTask(runId: string, chunkIndex: number, error: string, at: string): Promise<void>
  /** `--resume`: running → pending. Resolves to the number of tasks reset. */
  resetRunning(runId: string, at: string): Promise<number>
  setTaskPending(runId: string, chunkIndex: number, at: string): Promise<void>
  finishRun(runId: string, at: string): Promise<void>
  /** Deletes every chunk run and task of the export; resolves to the number of runs removed. */
  deleteForExport(exportName: string): Promise<number>
  inProgressExports(): Promise<string[]>
}

export interface JournalRepo {
  put(runId: string, exportName: string, finishedAt: string, journal: JsonValue): Promise<void>
  /** Newest first. */
  recent(exportName: string, limit: number): Promise<{ runId: string; finishedAt: string; journal: JsonValue }[]>
  byRunId(runId: string): Promise<{ runId: string; exportName: string; finishedAt: string; journal: JsonValue } | undefined>
}

export interface RunAggregateRow {
  readonly runAggregateId: string
  readonly startedAt: string
  readonly finishedAt: string
  readonly durationMs: number
  readonly configPath: string | null
  readonly parallelMode: string
  readonly totalExports: number
  readonly successCount: number
  readonly failedCount: number
  readonly skippedCount: number
  readonly totalRows: number
  readonly totalFiles: number
  readonly totalBytes: number
  readonly details: JsonValue
}

export interface RunAggregateRepo {
  insert(row: RunAggregateRow): Promise<void>
}

export interface StateStore {
  readonly cursors: CursorRepo
  readonly metrics: MetricsRepo
  readonly files: FileLogRepo
  readonly schemas: SchemaRepo
  readonly shapes: ShapeRepo
  readonly progression: ProgressionRepo
  readonly checkpoints: CheckpointRepo
  readonly journal: JournalRepo
  readonly runAggregates: RunAggregateRepo
  /** Runs `fn` atomically; the store passed in is bound to the same transaction. */
  transaction<T>(fn: (tx: StateStore) => Promise<T>): Promise<T>
  close(): Promise<void>
}
