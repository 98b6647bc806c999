import mysql from 'mysql2/promise'
import type { ExportRequest } from '../../../src/source/source.js'
import type { ColumnOverrides, ResolvedSource, SourceTuning } from '../../../src/plan/run-plan.js'
import type { RivetType } from '../../../src/types/index.js'

/** Runs statements on a fresh connection (setup/teardown and processlist checks). */
export async function mysqlExec<T = unknown>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const conn = await mysql.createConnection({ uri: url, multipleStatements: true, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true })
  try {
    const [rows] = await conn.query(sql, params)
    return rows as T[]
  } finally {
    await conn.end()
  }
}

export function urlSource(url: string): ResolvedSource {
  return { engine: 'mysql', connection: { kind: 'url', url, origin: { kind: 'inline' } }, tls: undefined, environment: undefined }
}

export const TUNING: SourceTuning = {
  profile: 'balanced', batchSize: 10_000, batchSizeMemoryMb: undefined, throttleMs: 0, statementTimeoutS: 0, maxRetries: 0,
  retryBackoffMs: 0, lockTimeoutS: 0, memoryThresholdMb: 0, maxBatchMemoryMb: undefined, onBatchMemoryExceeded: 'warn',
  adaptive: false, minParallel: undefined, maxValueMb: 256,
}

export function request(sql: string, opts: { params?: string[]; overrides?: Record<string, RivetType>; tuning?: Partial<SourceTuning> } = {}): ExportRequest {
  const overrides: ColumnOverrides = new Map(Object.entries(opts.overrides ?? {}))
  return { sql, params: opts.params ?? [], catalogTable: undefined, tuning: { ...TUNING, ...opts.tuning }, columnOverrides: overrides }
}
