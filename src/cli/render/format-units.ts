/** Human units for summaries (L01). Pure. */
export function fmtThousands(n: number): string {
  const s = String(Math.abs(Math.trunc(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return n < 0 ? `-${s}` : s
}

/** `800ms`, `1.5s`, `1m 08.4s`, `1h 02m 05.3s`. */
export function fmtDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  const totalSecs = Math.floor(ms / 1000)
  const h = Math.floor(totalSecs / 3600)
  const m = Math.floor((totalSecs % 3600) / 60)
  const sFrac = ((ms % 60_000) / 1000).toFixed(1).padStart(4, '0')
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m ${sFrac}s`
  if (m > 0) return `${m}m ${sFrac}s`
  return `${(ms / 1000).toFixed(1)}s`
}

export function fmtBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u] ?? ''}`
}
