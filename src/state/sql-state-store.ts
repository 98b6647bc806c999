import { SqlCheckpointRepo } from './repos/checkpoint-repo.js'
import { SqlCursorRepo } from './repos/cursor-repo.js'
import { SqlFileLogRepo } from './repos/file-log-repo.js'
import { SqlJournalRepo } from './repos/journal-repo.js'
import { SqlMetricsRepo } from './repos/metrics-repo.js'
import { SqlProgressionRepo } from './repos/progression-repo.js'
import { SqlRunAggregateRepo } from './repos/run-aggregate-repo.js'
import { SqlSchemaRepo } from './repos/schema-repo.js'
import { SqlShapeRepo } from './repos/shape-repo.js'
import type {
  CheckpointRepo,
  CursorRepo,
  FileLogRepo,
  JournalRepo,
  MetricsRepo,
  ProgressionRepo,
  RunAggregateRepo,
  SchemaRepo,
  ShapeRepo,
  StateDb,
  StateStore,
} from './state-store.js'

/**
 * The {@link StateStore} over any migrated {@link StateDb}. The db routes statements
 * issued inside `transaction(fn)` to that transaction, so the store handed to `fn` is
 * this same store, bound to the transaction for the duration of `fn`.
 */
export class SqlStateStore implements StateStore {
  readonly cursors: CursorRepo
  readonly metrics: MetricsRepo
  readonly files: FileLogRepo
  readonly schemas: SchemaRepo
  readonly shapes: ShapeRepo
  readonly progression: ProgressionRepo
  readonly checkpoints: CheckpointRepo
  readonly journal: JournalRepo
  readonly runAggregates: RunAggregateRepo
  /** Where the state lives, password redacted: a file path or a PostgreSQL URL. */
  readonly location: string
  readonly #db: StateDb
  #closing: Promise<void> | undefined

  constructor(db: StateDb, location: string) {
    this.#db = db
    this.location = location
    this.cursors = new SqlCursorRepo(db)
    this.metrics = new SqlMetricsRepo(db)
    this.files = new SqlFileLogRepo(db)
    this.schemas = new SqlSchemaRepo(db)
    this.shapes = new SqlShapeRepo(db)
    this.progression = new SqlProgressionRepo(db)
    this.checkpoints = new SqlCheckpointRepo(db)
    this.journal = new SqlJournalRepo(db)
    this.runAggregates = new SqlRunAggregateRepo(db)
  }

  transaction<T>(fn: (tx: StateStore) => Promise<T>): Promise<T> {
    return this.#db.transaction(() => fn(this))
  }

  /** Idempotent: later calls resolve with the first close. */
  close(): Promise<void> {
    this.#closing ??= this.#db.close()
    return this.#closing
  }
}
