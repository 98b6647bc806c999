import type { DestinationPlan } from '../plan/run-plan.js'
import type { Destination } from './destination.js'
import { expandTemplate, type TemplateContext } from './key-template.js'

/**
 * Creates the destination for one export run. Cloud SDKs are imported lazily so
 * `rivet --help` never loads them (STYLE §3).
 */
export async function createDestination(plan: DestinationPlan, ctx: TemplateContext & { readonly cwd: string; readonly env?: NodeJS.ProcessEnv }): Promise<Destination> {
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
    case 's3': {
      const { createS3Destination } = await import('./s3/s3-destination.js')
      return createS3Destination(plan, expandTemplate(plan.prefix ?? '', ctx), ctx.env ?? process.env)
    }
    case 'gcs': {
      const { createGcsDestination } = await import('./gcs/gcs-destination.js')
      return createGcsDestination(plan, expandTemplate(plan.prefix ?? '', ctx))
    }
    case 'azure': {
      const { createAzureDestination } = await import('./azure/azure-destination.js')
      return createAzureDestination(plan, expandTemplate(plan.prefix ?? '', ctx), ctx.env ?? process.env)
    }
  }
}
