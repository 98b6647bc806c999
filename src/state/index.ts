export type * from './state-store.js'
export { SqlStateStore } from './sql-state-store.js'
export {
  openPostgresStateStore,
  openSqliteStateStore,
  openStateStore,
  resolveStateLocation,
  STATE_DB_FILE,
  type OpenStateOptions,
  type StateLocation,
} from './open-state.js'
export { migrate, MIGRATIONS, SCHEMA_VERSION, VERSION_TABLE, type Migration, type MigrationOutcome, type StateDialect } from './migrations.js'
export { cursorAdvances } from './repos/cursor-order.js'
