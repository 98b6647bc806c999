import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { RivetConfig } from '../../../src/config/index.js'
import { issuesToProblems } from '../../../src/config/problems.js'
import { readFixtures } from '../../fixtures/configs/fixture-meta.js'

const ODD_VALUES: readonly unknown[] = [null, 1.5, 'x', [1], { a: 1 }]

/** Every path to a value inside `data`. */
function paths(data: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(data)) return data.flatMap((v, i) => [[...prefix, i], ...paths(v, [...prefix, i])])
  if (typeof data === 'object' && data !== null) return Object.entries(data).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])])
  return []
}

function withValue(data: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(data) as Record<string | number, unknown>
  let node = copy
  for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>
  node[path.at(-1) ?? ''] = value
  return copy
}

describe('validation never crashes on malformed input', () => {
  const parsed = (kind: 'valid' | 'negative'): unknown[] =>
    readFixtures(kind).flatMap((f) => {
      try {
        const data: unknown = parse(readFileSync(f.file, 'utf8'))
        return typeof data === 'object' && data !== null ? [data] : []
      } catch {
        // YAML-syntax fixtures have nothing to mutate
        return []
      }
    })
  // every third negative fixture keeps this under a few seconds while covering each section
  const valid = [...parsed('valid'), ...parsed('negative').filter((_, i) => i % 3 === 0)]

  it('every key of every fixture, replaced by odd values, yields problems (or passes) without throwing', () => {
    let checked = 0
    for (const data of valid) {
      for (const path of paths(data)) {
        for (const value of ODD_VALUES) {
          const r = RivetConfig.safeParse(withValue(data, path, value), { reportInput: true })
          if (!r.success) {
            const problems = issuesToProblems(r.error.issues, [])
            expect(problems.length).toBeGreaterThan(0)
            for (const p of problems) expect(p.message).not.toBe('')
          }
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(1000)
  }, 60_000)
})
