import { z } from 'zod'
import { reporter, runWhenShaped } from '../rules/report.js'
import { checkRoot } from '../rules/root-rules.js'
import { ExportConfig } from './export.js'
import { NotificationsConfig } from './notifications.js'
import { SourceConfig } from './source.js'

const shaped = runWhenShaped({ source: 'object', exports: 'array' })
const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v)
/** Root rules also run when sections failed, as long as every export is a mapping. */
const ROOT_GUARD = {
  when: (payload: { readonly value: unknown }): boolean =>
    shaped.when(payload) && ((payload.value as { exports: unknown[] }).exports).every(isObject),
}

/** The whole `rivet.yaml` (C06). */
export const RivetConfig = z
  .object({
    source: SourceConfig,
    exports: z.array(ExportConfig).min(1).meta({ description: 'At least one export.' }),
    notifications: NotificationsConfig.optional(),
    parallel_exports: z.boolean().default(false).meta({ description: 'Run exports on parallel workers.' }),
    parallel_export_processes: z.boolean().default(false).meta({ description: 'Run exports as child processes (wins over `parallel_exports`).' }),
  })
  .strict()
  .superRefine((c, ctx) => {
    checkRoot(c, reporter(ctx))
  }, ROOT_GUARD)
  .meta({ title: 'Rivet config' })
export type RivetConfig = z.infer<typeof RivetConfig>
