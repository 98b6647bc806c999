import type { Report } from './report.js'

/** The export fields the strategy matrices read (C16–C20). */
export interface ModeFields {
  readonly mode: 'full' | 'incremental' | 'chunked' | 'time_window'
  readonly table?: string | undefined
  readonly cursor_column?: string | undefined
  readonly cursor_fallback_column?: string | undefined
  readonly incremental_cursor_mode: 'single_column' | 'coalesce'
  readonly chunk_column?: string | undefined
  readonly chunk_dense: boolean
  readonly chunk_size_memory_mb?: number | undefined
  readonly chunk_count?: number | undefined
  readonly chunk_by_days?: number | undefined
  readonly chunk_by_key?: string | undefined
  readonly time_column?: string | undefined
  readonly days_window?: number | undefined
  readonly partition_by?: string | undefined
  readonly destination: { readonly path?: string | undefined; readonly prefix?: string | undefined }
}

const CHUNK_STRATEGIES =
  'pick one: `chunk_column: <int col>` (range chunks), `chunk_by_key: <unique col>` (keyset pagination, needs `table:`), or use the `table:` shortcut so rivet auto-resolves the column from the primary key'

export function checkModeMatrix(e: ModeFields, report: Report): void {
  if (e.mode === 'incremental') checkIncremental(e, report)
  if (e.mode === 'chunked') checkChunked(e, report)
  if (e.mode === 'time_window') {
    if (e.time_column === undefined) report(['time_column'], 'time_window mode requires time_column')
    if (e.days_window === undefined) report(['days_window'], 'time_window mode requires days_window')
  }
  if (e.chunk_dense && e.mode !== 'chunked') report(['chunk_dense'], 'chunk_dense is only valid with mode: chunked')
  if (e.chunk_by_days !== undefined && e.mode !== 'chunked') report(['chunk_by_days'], 'chunk_by_days requires mode: chunked')
  if (e.partition_by !== undefined) checkPartition(e, report)
}

function checkIncremental(e: ModeFields, report: Report): void {
  if (e.cursor_column === undefined) {
    report(['cursor_column'], 'incremental mode requires cursor_column', 'add `cursor_column: updated_at` (a monotonically increasing column)')
  }
  if (e.incremental_cursor_mode === 'coalesce') {
    if (e.cursor_fallback_column === undefined) {
      report(['cursor_fallback_column'], 'incremental_cursor_mode: coalesce requires cursor_fallback_column')
    } else if (e.cursor_fallback_column === e.cursor_column) {
      report(['cursor_fallback_column'], 'cursor_fallback_column must differ from cursor_column')
    }
  } else if (e.cursor_fallback_column !== undefined) {
    report(['cursor_fallback_column'], 'cursor_fallback_column is only valid with incremental_cursor_mode: coalesce')
  }
}

function checkChunked(e: ModeFields, report: Report): void {
  if (e.chunk_by_key !== undefined) {
    const conflicts: [boolean, string][] = [
      [e.chunk_column !== undefined, 'chunk_column'],
      [e.chunk_dense, 'chunk_dense'],
      [e.chunk_by_days !== undefined, 'chunk_by_days'],
      [e.chunk_count !== undefined, 'chunk_count'],
    ]
    for (const [conflict, key] of conflicts) {
      if (conflict) report([key], `chunk_by_key and ${key} are mutually exclusive`)
    }
    if (e.table === undefined) {
      report(
        ['chunk_by_key'],
        'chunk_by_key needs the `table:` shortcut so the planner can verify the key is backed by a unique index',
        'set `table:` instead of `query:`/`query_file:`',
      )
    }
  } else if (e.chunk_column === undefined && e.table === undefined) {
    report([], 'chunked mode needs a chunking strategy', CHUNK_STRATEGIES)
  }
  if (e.chunk_size_memory_mb !== undefined && e.table === undefined) {
    report(
      ['chunk_size_memory_mb'],
      'chunk_size_memory_mb only applies with the `table:` shortcut',
      'set `table:` (preferred) or remove `chunk_size_memory_mb:` and keep an explicit `chunk_size:`',
    )
  }
  if (e.chunk_count !== undefined && e.chunk_dense) {
    report(['chunk_count'], 'chunk_count and chunk_dense are mutually exclusive', 'use `chunk_count` for equal-sized chunks over a sparse key; use `chunk_dense` only when the key has no gaps')
  }
  if (e.chunk_count !== undefined && e.chunk_by_days !== undefined) {
    report(['chunk_count'], 'chunk_count and chunk_by_days are mutually exclusive')
  }
  if (e.chunk_by_days !== undefined && e.chunk_dense) report(['chunk_by_days'], 'chunk_by_days cannot be combined with chunk_dense')
}

function checkPartition(e: ModeFields, report: Report): void {
  if (e.partition_by?.trim() === '') report(['partition_by'], 'partition_by must name a column')
  if (e.mode === 'time_window') {
    report(['partition_by'], 'partition_by is not compatible with mode: time_window (time_window already filters by a rolling window)')
  }
  if (e.chunk_by_key !== undefined) report(['partition_by'], 'partition_by is not compatible with chunk_by_key')
  const hasToken = ([e.destination.path, e.destination.prefix] as unknown[]).some((v) => typeof v === 'string' && v.includes('{partition}'))
  if (!hasToken) {
    report(
      ['destination'],
      "partition_by requires a '{partition}' token in destination.path or destination.prefix (otherwise every partition would overwrite the same prefix)",
      'e.g. `prefix: "exports/{partition}/"` (quoted)',
    )
  }
}
