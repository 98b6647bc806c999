/**
 * Big-endian integers of the PostgreSQL wire format, read without Buffer's per-call argument
 * validation (measurable on the per-field hot path). Callers have already bounded `at` by the
 * message framing.
 */

export function int16At(buf: Uint8Array, at: number): number {
  return (((buf[at] ?? 0) << 24) | ((buf[at + 1] ?? 0) << 16)) >> 16
}

export function uint16At(buf: Uint8Array, at: number): number {
  return ((buf[at] ?? 0) << 8) | (buf[at + 1] ?? 0)
}

export function int32At(buf: Uint8Array, at: number): number {
  return ((buf[at] ?? 0) << 24) | ((buf[at + 1] ?? 0) << 16) | ((buf[at + 2] ?? 0) << 8) | (buf[at + 3] ?? 0)
}
