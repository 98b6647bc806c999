import { RivetError } from '../errors/index.js'
import { COALESCED_CURSOR_COLUMN, strategyLabel, type ResolvedRunPlan } from '../plan/run-plan.js'
import { dialectFor } from '../source/dialect.js'
import { incrementalQuery, snapshotQuery, timeWindowQuery, type BuiltQuery } from '../source/query.js'

/** The statement of a non-chunked export, and the column its cursor is read from. */
export interface SingleExportQuery {
  readonly query: BuiltQuery
  /** Column holding the cursor value (incremental only). */
  readonly cursorColumn: string | undefined
  /** Synthetic column to strip before writing (D08). */
  readonly stripColumn: string | undefined
}

export function singleExportQuery(plan: ResolvedRunPlan, now: Date, lastCursor: string | undefined): SingleExportQuery {
  const s = plan.strategy
  const d = dialectFor(plan.source.engine)
  switch (s.kind) {
    case 'snapshot':
      return { query: snapshotQuery(plan.baseQuery), cursorColumn: undefined, stripColumn: undefined }
    case 'timeWindow':
      return { query: timeWindowQuery(d, plan.baseQuery, s.column, s.columnType, s.daysWindow, now), cursorColumn: undefined, stripColumn: undefined }
    case 'incremental': {
      const coalesce = s.cursor.mode === 'coalesce'
      return {
        query: incrementalQuery(d, plan.baseQuery, s.cursor, lastCursor),
        cursorColumn: coalesce ? COALESCED_CURSOR_COLUMN : s.cursor.primaryColumn,
        stripColumn: coalesce ? COALESCED_CURSOR_COLUMN : undefined,
      }
    }
    case 'chunked':
    case 'keyset': // dispatched to their own runners by run-exports.ts
      throw new RivetError('RIVET_PLAN_REJECTED', `export '${plan.exportName}': strategy '${strategyLabel(s)}' is not available in this build yet`, {
        hint: 'use `mode: full`, `mode: incremental` or `mode: time_window` for now',
      })
  }
}
