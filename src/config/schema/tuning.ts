import { z } from 'zod'

const count = z.number().int().nonnegative()
const positive = z.number().int().min(1)

export const TuningProfileName = z.enum(['fast', 'balanced', 'safe'])
export type TuningProfileName = z.infer<typeof TuningProfileName>

export const BatchMemoryPolicy = z.enum(['warn', 'fail', 'auto_shrink'])
export type BatchMemoryPolicy = z.infer<typeof BatchMemoryPolicy>

export const BATCH_EXCLUSIVE_MESSAGE =
  'batch_size and batch_size_memory_mb are mutually exclusive'
export const BATCH_EXCLUSIVE_HINT =
  'prefer `batch_size_memory_mb` (rivet sizes the batch to a memory budget, adapting to row width); set `batch_size` only to pin an exact row count'

/** `source.tuning` / `exports[].tuning` (E02). Every field optional: unset fields come from the profile. */
export const TuningConfig = z
  .object({
    profile: TuningProfileName.optional().meta({ description: 'Tuning profile; default from `source.environment`, else balanced.' }),
    batch_size: positive.optional().meta({ description: 'Rows per fetch/batch.' }),
    batch_size_memory_mb: positive.optional().meta({ description: 'Derive rows per batch from a memory budget (MB).' }),
    throttle_ms: count.optional().meta({ description: 'Sleep between fetches (ms).' }),
    statement_timeout_s: count.optional().meta({ description: 'Statement timeout (s); 0 = none.' }),
    max_retries: count.optional().meta({ description: 'Retries for transient errors.' }),
    retry_backoff_ms: count.optional().meta({ description: 'Base backoff (ms), doubled per attempt.' }),
    lock_timeout_s: count.optional().meta({ description: 'Lock timeout (s); 0 = none.' }),
    memory_threshold_mb: count.optional().meta({ description: 'RSS gate between chunk dispatches (MB); 0 = off.' }),
    max_batch_memory_mb: positive.optional().meta({ description: 'Arrow memory ceiling per batch (MB).' }),
    on_batch_memory_exceeded: BatchMemoryPolicy.optional().meta({ description: 'What to do when a batch exceeds `max_batch_memory_mb` (default warn).' }),
    adaptive: z.boolean().optional().meta({ description: 'Adaptive batch sizing and parallelism governor (default false).' }),
    min_parallel: positive.optional().meta({ description: 'Lower bound for the parallelism governor (default 1).' }),
    max_value_mb: count.optional().meta({ description: 'Per-value ceiling (MB, default 256); 0 disables.' }),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.batch_size !== undefined && t.batch_size_memory_mb !== undefined) {
      ctx.addIssue({ code: 'custom', message: BATCH_EXCLUSIVE_MESSAGE, params: { hint: BATCH_EXCLUSIVE_HINT } })
    }
  })
  .meta({
    id: 'TuningConfig',
    title: 'Tuning',
    not: { required: ['batch_size', 'batch_size_memory_mb'] },
  })
export type TuningConfig = z.infer<typeof TuningConfig>

/** Keys that users often write directly under `source:` or an export instead of under `tuning:` (C03). */
export const MISPLACEABLE_TUNING_KEYS: readonly string[] = [
  'batch_size',
  'batch_size_memory_mb',
  'throttle_ms',
  'statement_timeout_s',
  'max_retries',
  'retry_backoff_ms',
  'lock_timeout_s',
  'memory_threshold_mb',
  'profile',
]
