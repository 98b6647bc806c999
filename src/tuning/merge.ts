import type { TuningConfig } from '../config/schema/tuning.js'

/** C29: export tuning over source tuning, field by field; `undefined` when neither block exists. */
export function mergeTuningConfig(source: TuningConfig | undefined, exportTuning: TuningConfig | undefined): TuningConfig | undefined {
  if (source === undefined) return exportTuning
  if (exportTuning === undefined) return source
  const merged: Record<string, unknown> = { ...source }
  for (const [key, value] of Object.entries(exportTuning) as [string, unknown][]) {
    if (value !== undefined) merged[key] = value
  }
  const result: TuningConfig = merged
  return result
}
