import { describe, expect, it } from 'vitest'
import { assertPlanAccepted, validatePlan } from '../../../src/plan/index.js'
import { planOf } from './plan-fixture.js'

const STDOUT = '    destination:\n      type: stdout\n'
const rules = (issues: readonly { rule: string }[]): string[] => issues.map((i) => i.rule)

describe('validatePlan (D02)', () => {
  it('a plain local snapshot has no findings', async () => {
    expect(validatePlan(await planOf(''))).toEqual({ rejected: [], warnings: [], degraded: [] })
  })

  it('stdout: max_file_size and chunked are rejected; stdout is always degraded', async () => {
    const v = validatePlan(await planOf('    max_file_size: 1MB\n    mode: chunked\n    chunk_column: id\n', { dest: STDOUT }))
    expect(rules(v.rejected)).toEqual(['stdout-no-split', 'stdout-no-chunked'])
    expect(rules(v.degraded)).toEqual(['stdout-manifest-phantom'])
    expect(rules(validatePlan(await planOf('', { dest: STDOUT })).degraded)).toEqual(['stdout-manifest-phantom'])
  })

  it('stdout: keyset is rejected', async () => {
    const v = validatePlan(await planOf('    table: t\n    mode: chunked\n    chunk_by_key: k\n', { dest: STDOUT }))
    expect(rules(v.rejected)).toEqual(['stdout-no-keyset'])
  })

  it('reconcile with incremental or time_window warns', async () => {
    const inc = validatePlan(await planOf('    mode: incremental\n    cursor_column: u\n', { flags: { reconcile: true } }))
    expect(rules(inc.warnings)).toEqual(['incremental-reconcile-mismatch'])
    const tw = validatePlan(await planOf('    mode: time_window\n    time_column: t\n    days_window: 1\n', { flags: { reconcile: true } }))
    expect(rules(tw.warnings)).toEqual(['time-window-reconcile-mismatch'])
  })

  it('quality on chunked is partial; unique without a cap warns', async () => {
    const v = validatePlan(await planOf('    mode: chunked\n    chunk_column: id\n    quality:\n      unique_columns: [id]\n'))
    expect(rules(v.warnings)).toEqual(['quality-chunked-partial', 'quality-unique-no-cap'])
    const capped = validatePlan(await planOf('    quality:\n      unique_columns: [id]\n      unique_max_entries: 10\n'))
    expect(capped.warnings).toEqual([])
  })

  it('--resume warns unless chunked with chunk_checkpoint', async () => {
    const v = validatePlan(await planOf('', { flags: { resume: true } }))
    expect(v.warnings).toEqual([{ rule: 'resume-no-checkpoint', message: "export 'e': --resume has no effect unless strategy is chunked with chunk_checkpoint: true" }])
    const ok = validatePlan(await planOf('    mode: chunked\n    chunk_column: id\n    chunk_checkpoint: true\n', { flags: { resume: true } }))
    expect(ok.warnings).toEqual([])
  })
})

describe('assertPlanAccepted', () => {
  it('throws RIVET_PLAN_REJECTED listing every rejection', async () => {
    const plan = await planOf('    max_file_size: 1MB\n    mode: chunked\n    chunk_column: id\n', { dest: STDOUT })
    expect(() => assertPlanAccepted(plan)).toThrow(
      expect.objectContaining({
        code: 'RIVET_PLAN_REJECTED',
        message: expect.stringMatching(/2 problems[\s\S]*max_file_size cannot be used with stdout[\s\S]*chunked mode cannot be used with stdout/) as string,
      }) as Error,
    )
  })
  it('returns the validation when nothing is rejected', async () => {
    expect(assertPlanAccepted(await planOf('', { dest: STDOUT })).degraded).toHaveLength(1)
  })
})
