import type { z } from 'zod'

/** Records one config problem at `path` (relative to the object being checked). */
export type Report = (path: readonly (string | number)[], message: string, hint?: string) => void

/** Adapts a zod refinement context so rule functions stay free of zod. */
export function reporter(ctx: z.RefinementCtx): Report {
  return (path, message, hint) => {
    ctx.addIssue({ code: 'custom', path: [...path], message, ...(hint === undefined ? {} : { params: { hint } }) })
  }
}

type Shape = 'object' | 'string' | 'array'

function hasShape(value: unknown, shape: Shape): boolean {
  if (shape === 'array') return Array.isArray(value)
  if (shape === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value)
  return typeof value === 'string'
}

/**
 * A zod `when` guard: run a refinement even after other fields failed (so one error lists every
 * problem), as long as the fields the rules dereference have the right shape. `optional` keys
 * may be absent.
 */
export function runWhenShaped(required: Readonly<Record<string, Shape>>, optional: Readonly<Record<string, Shape>> = {}) {
  return {
    when: (payload: { readonly value: unknown }): boolean => {
      const v = payload.value
      if (!hasShape(v, 'object')) return false
      const obj = v as Record<string, unknown>
      return (
        Object.entries(required).every(([k, s]) => hasShape(obj[k], s)) &&
        Object.entries(optional).every(([k, s]) => obj[k] === undefined || hasShape(obj[k], s))
      )
    },
  }
}
