import { ExitClass } from './exit-class.js'

/**
 * Every stable error code and its default exit class (AA.3). Scripts and tests match on the
 * code, never on the wording. A `retry` classification of `transient` raises a Generic code
 * to Retryable when the error is final (F-section); the other classes are fixed.
 *
 * Add a code here when a new failure path needs one; never rename or reuse a code.
 */
export const RIVET_CODES = {
  // CLI usage and selection
  RIVET_USAGE: ExitClass.Generic,
  RIVET_CLI_CONFLICT: ExitClass.Generic,
  RIVET_EXPORT_NOT_FOUND: ExitClass.Generic,
  // configuration (C-section)
  RIVET_CONFIG_INVALID: ExitClass.Generic,
  RIVET_CONFIG_NOT_FOUND: ExitClass.Generic,
  RIVET_CONFIG_UNREADABLE: ExitClass.Generic,
  RIVET_CONFIG_YAML: ExitClass.Generic,
  RIVET_CONFIG_VAR_UNSET: ExitClass.Generic,
  RIVET_CONFIG_SECRET_UNSET: ExitClass.Generic,
  RIVET_CONFIG_QUERY_FILE: ExitClass.Generic,
  // plan (D02, K-section)
  RIVET_PLAN_REJECTED: ExitClass.Generic,
  // source (D, F, Q)
  RIVET_SOURCE_CONNECT: ExitClass.Generic,
  RIVET_SOURCE_UNREACHABLE: ExitClass.Retryable,
  RIVET_SOURCE_AUTH: ExitClass.Generic,
  RIVET_SOURCE_TLS_REQUIRED: ExitClass.Generic,
  RIVET_SOURCE_QUERY: ExitClass.Generic,
  RIVET_SOURCE_TIMEOUT: ExitClass.Generic,
  RIVET_SOURCE_TRANSIENT: ExitClass.Retryable,
  RIVET_TYPE_UNSUPPORTED: ExitClass.Generic,
  RIVET_DECIMAL_PARSE: ExitClass.Generic,
  RIVET_VALUE_TOO_LARGE: ExitClass.Generic,
  RIVET_BATCH_MEMORY_EXCEEDED: ExitClass.Generic,
  // formats (G)
  RIVET_FORMAT_UNSUPPORTED_TYPE: ExitClass.Generic,
  RIVET_FORMAT_WRITE: ExitClass.Generic,
  // destinations (H)
  RIVET_DEST_WRITE: ExitClass.Generic,
  RIVET_DEST_UNSUPPORTED: ExitClass.Generic,
  RIVET_DEST_AUTH: ExitClass.Generic,
  RIVET_DEST_INTEGRITY: ExitClass.DataIntegrity,
  // state (I)
  RIVET_STATE_OPEN: ExitClass.Generic,
  RIVET_STATE_MIGRATION: ExitClass.Generic,
  RIVET_STATE_WRITE: ExitClass.Generic,
  RIVET_STATE_READ: ExitClass.Generic,
  // chunked mode (D10–D19) and chunk checkpoints (I05, I06, H10)
  RIVET_CHUNK_COLUMN_REQUIRED: ExitClass.Generic,
  RIVET_CHUNK_NULL_KEYS: ExitClass.Generic,
  RIVET_CHUNK_KEY_INVALID: ExitClass.Generic,
  RIVET_CHECKPOINT_MISMATCH: ExitClass.Generic,
  RIVET_CHECKPOINT_IN_PROGRESS: ExitClass.Generic,
  RIVET_CHECKPOINT_NOT_FOUND: ExitClass.Generic,
  RIVET_CHECKPOINT_INCOMPLETE: ExitClass.Generic,
  RIVET_CHECKPOINT_RESUME_REFUSED: ExitClass.Generic,
  // run-level integrity (F08, G07, N, P)
  RIVET_DUPLICATE_GUARD: ExitClass.DataIntegrity,
  RIVET_VERIFY_ROW_COUNT: ExitClass.DataIntegrity,
  RIVET_QUALITY_GATE: ExitClass.DataIntegrity,
  RIVET_SCHEMA_DRIFT: ExitClass.SchemaDrift,
  // process-level
  RIVET_INTERRUPTED: ExitClass.Generic,
  RIVET_INTERNAL: ExitClass.Internal,
  /** A foreign error no adapter classified: generic, never retried. */
  RIVET_UNCLASSIFIED: ExitClass.Generic,
} as const satisfies Record<`RIVET_${string}`, ExitClass>

export type RivetCode = keyof typeof RIVET_CODES

export function isRivetCode(value: string): value is RivetCode {
  return Object.hasOwn(RIVET_CODES, value)
}
