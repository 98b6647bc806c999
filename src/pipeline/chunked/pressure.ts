import type { ResolvedSource } from '../../plan/run-plan.js'
import { createSource } from '../../source/registry.js'
import type { Source } from '../../source/source.js'

/**
 * E08: one reading of a cumulative source-pressure counter per call. The governor only
 * compares consecutive readings, so the absolute value carries no meaning. `undefined`
 * means "could not sample this time": parallelism then holds where it is.
 */
export interface PressureProbe {
  sample(): Promise<bigint | undefined>
  /** Closes the monitoring connection; idempotent. */
  close(): Promise<void>
}

/** Opens the governor's dedicated monitoring connection; rejects when that fails. */
export type PressureProbeFactory = (source: ResolvedSource) => Promise<PressureProbe>

// PostgreSQL 17 moved the requested-checkpoint counter to pg_stat_checkpointer.
const PG_PRESSURE = ['SELECT checkpoints_req::text FROM pg_stat_bgwriter', 'SELECT num_requested::text FROM pg_stat_checkpointer']
const MSSQL_PRESSURE = "SELECT CAST(SUM(cntr_value) AS varchar(40)) FROM sys.dm_os_performance_counters WHERE counter_name IN ('Workfiles Created/sec', 'Worktables Created/sec')"
const MYSQL_NAMES = "('CREATED_TMP_DISK_TABLES', 'INNODB_BUFFER_POOL_WAIT_FREE')"
// MySQL 8 moved global status to performance_schema; MariaDB keeps it in information_schema.
const MYSQL_PRESSURE = [
  `SELECT CAST(SUM(VARIABLE_VALUE) AS CHAR) FROM performance_schema.global_status WHERE UPPER(VARIABLE_NAME) IN ${MYSQL_NAMES}`,
  `SELECT CAST(SUM(VARIABLE_VALUE) AS CHAR) FROM information_schema.GLOBAL_STATUS WHERE UPPER(VARIABLE_NAME) IN ${MYSQL_NAMES}`,
]

/**
 * Pressure proxies per engine, read through {@link Source.queryScalar}:
 * PostgreSQL `pg_stat_bgwriter.checkpoints_req` (after clearing the stats snapshot so
 * the value is fresh), MySQL `Created_tmp_disk_tables + Innodb_buffer_pool_wait_free`,
 * SQL Server `Workfiles Created/sec + Worktables Created/sec` (raw cumulative counts).
 */
export function sourcePressureProbe(source: Source): PressureProbe {
  let mysqlQuery: string | undefined
  let closing: Promise<void> | undefined
  let pgQuery: string | undefined
  // Tries each variant in order; the first that answers is remembered for later samples.
  const firstAnswer = async (variants: readonly string[], remember: (sql: string) => void): Promise<string | null> => {
    for (const sql of variants) {
      const value = await source.queryScalar(sql).catch(() => null)
      if (value !== null) {
        remember(sql)
        return value
      }
    }
    return null
  }
  const read = async (): Promise<bigint | undefined> => {
    switch (source.engine) {
      case 'postgres': {
        await source.queryScalar('SELECT pg_stat_clear_snapshot()')
        if (pgQuery !== undefined) return asCount(await source.queryScalar(pgQuery))
        return asCount(await firstAnswer(PG_PRESSURE, (sql) => (pgQuery = sql)))
      }
      case 'mssql':
        return asCount(await source.queryScalar(MSSQL_PRESSURE))
      case 'mysql':
        if (mysqlQuery !== undefined) return asCount(await source.queryScalar(mysqlQuery))
        return asCount(await firstAnswer(MYSQL_PRESSURE, (sql) => (mysqlQuery = sql)))
    }
  }
  return {
    async sample() {
      try {
        return await read()
      } catch {
        // A failed sample (lost monitoring connection, missing privilege) only means
        // no signal this tick; the export itself must not fail because of it.
        return undefined
      }
    },
    close: () => {
      closing ??= source.close()
      return closing
    },
  }
}

/** The production factory: a fresh connection from the source config. */
export const openPressureProbe: PressureProbeFactory = async (config) => sourcePressureProbe(await createSource(config))

function asCount(text: string | null): bigint | undefined {
  if (text === null || !/^-?\d+$/.test(text.trim())) return undefined
  const n = BigInt(text.trim())
  return n < 0n ? 0n : n
}
