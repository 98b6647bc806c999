/**
 * Process exit classes (spec A04 + AA.3). The exit code itself is decided only in
 * `cli/render-error.ts`; everything below the CLI speaks in classes.
 */
export const ExitClass = {
  Success: 0,
  Generic: 1,
  Retryable: 2,
  DataIntegrity: 3,
  SchemaDrift: 4,
  /** An internal crash: a bug in rivet, never a data or configuration problem (AA.3). */
  Internal: 70,
} as const
export type ExitClass = (typeof ExitClass)[keyof typeof ExitClass]

/** Usage errors from the argument parser exit 2, like clap (A04). */
export const USAGE_EXIT_CODE = 2
/** 128 + signal number (AA.5). */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const

/**
 * How stop-worthy a failure is when several exports fail (A05):
 * data-integrity > schema-drift > retryable > generic. Internal crashes outrank all.
 */
const SEVERITY: Record<ExitClass, number> = {
  [ExitClass.Success]: 0,
  [ExitClass.Generic]: 1,
  [ExitClass.Retryable]: 2,
  [ExitClass.SchemaDrift]: 3,
  [ExitClass.DataIntegrity]: 4,
  [ExitClass.Internal]: 5,
}

export function severityOf(exitClass: ExitClass): number {
  return SEVERITY[exitClass]
}

/** The most severe of the given classes (A05); `Success` when the list is empty. */
export function mostSevere(classes: Iterable<ExitClass>): ExitClass {
  let worst: ExitClass = ExitClass.Success
  for (const c of classes) if (SEVERITY[c] > SEVERITY[worst]) worst = c
  return worst
}
