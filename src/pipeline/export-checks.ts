import type { Schema } from 'apache-arrow'
import { MetaColumns } from '../enrich/index.js'
import type { RunJournal } from '../journal/run-journal.js'
import type { Logger } from '../log/index.js'
import type { ResolvedRunPlan } from '../plan/run-plan.js'
import { QualityTracker, qualityGateError } from '../quality/index.js'
import { compareSchemas, driftChangeLines, driftLogLines, hasDrift, schemaDriftError } from '../schema/drift.js'
import { schemaColumns } from '../schema/schema-columns.js'
import { ShapeTracker, shapeDrift } from '../schema/shape-tracker.js'
import type { SchemaColumn, StateStore } from '../state/state-store.js'
import type { AttemptHooks, BatchObserver } from './export-attempt.js'
import type { ExportChecks } from './single-export.js'

/**
 * The per-export collaborators of a single export (STYLE §6): schema drift decided before
 * any byte is written (P01 + AA.2), quality gates on the finished temp parts (N01–N03),
 * shape drift (P02) and meta columns (O01–O02).
 */
export function exportChecks(plan: ResolvedRunPlan, journal: RunJournal, log: Logger, state: StateStore, exportedAt: Date): Pick<AttemptHooks, 'onSchema'> & ExportChecks {
  let quality: QualityTracker | undefined
  let shape: ShapeTracker | undefined
  let columns: SchemaColumn[] = []
  let changed: boolean | undefined
  let storeSchema = true
  return {
    async onSchema(schema: Schema) {
      columns = schemaColumns(schema)
      const stored = await state.schemas.get(plan.exportName)
      if (stored !== undefined) {
        const diff = compareSchemas(stored.columns, columns)
        changed = hasDrift(diff)
        if (changed) {
          if (plan.schemaDrift === 'fail') {
            storeSchema = false
            throw schemaDriftError(plan.exportName, diff)
          }
          journal.record({ SchemaChanged: { added: diff.added, removed: diff.removed, type_changed: diff.retyped.map((r): [string, string, string] => [r.name, r.from, r.to]) } })
          if (plan.schemaDrift === 'warn') for (const line of driftLogLines(plan.exportName, diff)) log.warn(line)
          else log.debug({ changes: driftChangeLines(diff) }, 'schema changed (on_schema_drift: continue)')
        }
      } else {
        changed = false
      }
      quality = plan.quality === undefined ? undefined : await QualityTracker.create(schema, plan.quality)
      shape = new ShapeTracker(schema)
      const observers: BatchObserver[] = [shape]
      if (quality !== undefined) observers.push(quality)
      const meta = await MetaColumns.create(schema, plan.metaColumns, exportedAt)
      return meta.schema === schema ? { observers } : { observers, transform: meta }
    },
    beforeCommit(attempt) {
      if (quality === undefined) return Promise.resolve()
      const verdict = quality.evaluate(attempt.rows)
      for (const w of verdict.warnings) {
        log.warn(w)
        journal.record({ QualityIssue: { severity: 'warning', message: w } })
      }
      for (const f of verdict.failures) journal.record({ QualityIssue: { severity: 'error', message: f } })
      if (verdict.failures.length > 0) return Promise.reject(qualityGateError(plan.exportName, verdict.failures))
      return Promise.resolve()
    },
    async afterCommit(tx, at) {
      if (storeSchema && columns.length > 0) await tx.schemas.put(plan.exportName, columns, at)
      if (shape === undefined) return
      const current = shape.maxByteLens()
      const stored = await tx.shapes.get(plan.exportName)
      for (const d of shapeDrift(plan.exportName, stored, current, plan.shapeDriftWarnFactor)) {
        log.warn(d.message)
        journal.record({ Warning: { context: d.journalContext, message: d.journalMessage } })
      }
      if (current.size > 0) await tx.shapes.merge(plan.exportName, current, at)
    },
    schemaChanged: () => changed,
  }
}
