/** Edit distance (insert/delete/substitute), case-sensitive; callers lower-case. */
export function levenshtein(a: string, b: string): number {
  if (a === '') return b.length
  if (b === '') return a.length
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 0; i < a.length; i++) {
    const curr = [i + 1]
    for (let j = 0; j < b.length; j++) {
      const cost = a[i] === b[j] ? 0 : 1
      curr.push(Math.min((curr[j] ?? 0) + 1, (prev[j + 1] ?? 0) + 1, (prev[j] ?? 0) + cost))
    }
    prev = curr
  }
  return prev[b.length] ?? 0
}

/**
 * The known key a typo most likely meant (C01): the nearest candidate within
 * max(2, ⌊longer/3⌋) edits, else the longest candidate (≥ 3 chars) that contains or is
 * contained in the needle.
 */
export function closestMatch(needle: string, candidates: readonly string[]): string | undefined {
  const n = needle.toLowerCase()
  let best: { d: number; c: string } | undefined
  for (const c of candidates) {
    const d = levenshtein(n, c.toLowerCase())
    if (best === undefined || d < best.d) best = { d, c }
  }
  if (best !== undefined && best.d <= Math.max(2, Math.floor(Math.max(needle.length, best.c.length) / 3))) return best.c
  let hit: string | undefined
  for (const c of candidates) {
    const cl = c.toLowerCase()
    if (c.length >= 3 && (n.includes(cl) || cl.includes(n)) && (hit === undefined || c.length > hit.length)) hit = c
  }
  return hit
}
