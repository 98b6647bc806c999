import type { JsonValue } from '../json/json-value.js'
import { RIVET_CODES, type RivetCode } from './codes.js'
import { ExitClass } from './exit-class.js'

/**
 * How a failure should be retried (F01). `transient` errors may be retried; `reconnect`
 * asks for a fresh connection first and `extraDelayMs` is added to the backoff.
 */
export type RetryClass =
  | { readonly kind: 'permanent' }
  | { readonly kind: 'transient'; readonly reconnect: boolean; readonly extraDelayMs: number }

export const PERMANENT: RetryClass = Object.freeze({ kind: 'permanent' })

export interface RivetErrorInfo {
  /** The remedy, shown after the message (`Hint: …`). Keys in backticks. */
  readonly hint?: string
  readonly details?: Readonly<Record<string, JsonValue>>
  readonly retry?: RetryClass
  readonly cause?: unknown
}

/** The one error type rivet raises on purpose. The `code` is the contract (AA.3). */
export class RivetError extends Error {
  override readonly name = 'RivetError'
  readonly code: RivetCode
  readonly hint: string | undefined
  readonly details: Readonly<Record<string, JsonValue>> | undefined
  readonly retry: RetryClass

  constructor(code: RivetCode, message: string, info: RivetErrorInfo = {}) {
    super(message, info.cause === undefined ? undefined : { cause: info.cause })
    this.code = code
    this.hint = info.hint
    this.details = info.details
    this.retry = info.retry ?? PERMANENT
  }

  /** Exit class: the code's default, raised to Retryable when classified transient. */
  get exitClass(): ExitClass {
    const base = RIVET_CODES[this.code]
    if (base === ExitClass.Generic && this.retry.kind === 'transient') return ExitClass.Retryable
    return base
  }

  toJSON(): { code: RivetCode; message: string; hint?: string; details?: Readonly<Record<string, JsonValue>> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.details === undefined ? {} : { details: this.details }),
    }
  }
}

export function isRivetError(err: unknown): err is RivetError {
  return err instanceof RivetError
}

/** The message of any thrown value, without assuming it is an Error. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  if (typeof err === 'string') return err
  try {
    // JSON.stringify returns undefined for undefined, functions and symbols.
    const json = JSON.stringify(err) as unknown
    return typeof json === 'string' ? json : String(err)
  } catch {
    // A value JSON cannot represent (cycle, BigInt): String() is the best we can do.
    return String(err)
  }
}
