import { z } from 'zod'
import { reporter } from '../rules/report.js'
import { checkRoot } from '../rules/root-rules.js'
import { ExportConfig } from './export.js'
import { NotificationsConfig } from './notifications.js'
import { SourceConfig } from './source.js'

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
  })
  .meta({ title: 'Rivet config' })
export type RivetConfig = z.infer<typeof RivetConfig>
