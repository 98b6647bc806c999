import type { z } from 'zod'

/** Records one config problem at `path` (relative to the object being checked). */
export type Report = (path: readonly (string | number)[], message: string, hint?: string) => void

/** Adapts a zod refinement context so rule functions stay free of zod. */
export function reporter(ctx: z.RefinementCtx): Report {
  return (path, message, hint) => {
    ctx.addIssue({ code: 'custom', path: [...path], message, ...(hint === undefined ? {} : { params: { hint } }) })
  }
}
