import { writeSync } from 'node:fs'

/**
 * Test-only crash points (V03). `RIVET_TEST_PANIC_AT=<point>` (or `<point>:<chunk>`) kills
 * the process at that boundary with SIGKILL: no `finally`, no cleanup, no flush — exactly
 * what a power cut or OOM kill leaves behind. Unset, it costs one comparison.
 */
export type CrashPoint = 'after_source_read' | 'after_file_write' | 'after_manifest_update' | 'after_cursor_commit' | 'after_chunk_file' | 'after_chunk_complete'

const configured = process.env.RIVET_TEST_PANIC_AT

export function crashPoint(point: CrashPoint, chunkIndex?: number): void {
  if (configured === undefined) return
  const name = chunkIndex === undefined ? point : `${point}:${chunkIndex}`
  if (configured !== name) return
  writeSync(2, `rivet test-hook: injected crash at '${name}' (RIVET_TEST_PANIC_AT)\n`)
  process.kill(process.pid, 'SIGKILL')
}
