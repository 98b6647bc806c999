import { RivetError } from '../errors/index.js'
import type { DestinationPlan } from '../plan/run-plan.js'
import type { Destination } from './destination.js'
import { expandTemplate, type TemplateContext } from './key-template.js'

/**
 * Creates the destination for one export run. Cloud SDKs are imported lazily so
 * `rivet --help` never loads them (STYLE §3).
 */
export async function createDestination(plan: DestinationPlan, ctx: TemplateContext & { readonly cwd: string }): Promise<Destination> {
  switch (plan.type) {
    case 'local': {
      const { LocalDestination } = await import('./local/local-destination.js')
      const raw = plan.path ?? plan.prefix ?? '.'
      return new LocalDestination(expandTemplate(raw, ctx), ctx.cwd)
    }
    case 'stdout': {
      const { StdoutDestination } = await import('./stdout/stdout-destination.js')
      return new StdoutDestination()
    }
    case 's3':
    case 'gcs':
    case 'azure':
      throw new RivetError('RIVET_DEST_UNSUPPORTED', `destination type '${plan.type}' is not available in this build yet`, {
        hint: 'use `type: local` (then sync the directory) until cloud destinations land',
      })
  }
}
