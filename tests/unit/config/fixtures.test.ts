import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020.js'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { configJsonSchema, loadConfig } from '../../../src/config/index.js'
import { isRivetError } from '../../../src/errors/index.js'
import { assertPlanAccepted, buildRunPlans } from '../../../src/plan/index.js'
import { readFixtures, type FixtureMeta } from '../../fixtures/configs/fixture-meta.js'

const FLAGS = { validate: false, reconcile: false, resume: false, force: false }
const BASE_ENV = { PATH: process.env.PATH ?? '' }

async function loadAndPlan(f: FixtureMeta): Promise<void> {
  const env = { ...BASE_ENV, ...f.env }
  const loaded = await loadConfig(f.file, { params: f.params, env })
  const { plans } = buildRunPlans(loaded, { flags: FLAGS, env })
  for (const plan of plans) assertPlanAccepted(plan)
}

const ajv = new Ajv2020.default({ allErrors: true, strict: false })
const validateSchema = ajv.compile(configJsonSchema())

describe('negative config fixtures', () => {
  const fixtures = readFixtures('negative')
  it('there are at least 40', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40)
  })

  it.each(fixtures.map((f) => [f.name, f] as const))('%s fails with its code and message', async (_name, f) => {
    expect(f.code, 'fixture header needs # expect-code').toBeDefined()
    expect(f.message, 'fixture header needs # expect-message').toBeDefined()
    let caught: unknown
    try {
      await loadAndPlan(f)
    } catch (err) {
      caught = err
    }
    if (!isRivetError(caught)) throw new Error(`expected a RivetError, got ${String(caught)}`)
    expect(caught.code).toBe(f.code)
    expect(`${caught.message}\n${caught.hint ?? ''}`).toContain(f.message)
    if (f.stage === 'load' && f.code !== 'RIVET_PLAN_REJECTED') {
      // load-stage fixtures must fail in loadConfig itself, not later
      await expect(loadConfig(f.file, { params: f.params, env: { ...BASE_ENV, ...f.env } })).rejects.toMatchObject({ code: f.code })
    }
  })

  it.each(fixtures.filter((f) => f.schema === 'reject').map((f) => [f.name, f] as const))('%s is rejected by the JSON Schema', (_name, f) => {
    const data: unknown = parse(readFileSync(f.file, 'utf8'))
    expect(validateSchema(data)).toBe(false)
  })

  it('every fixture the JSON Schema skips says why', () => {
    for (const f of fixtures.filter((x) => x.schema !== 'reject')) expect(f.schema).toMatch(/^skip: \S.{10,}/)
  })
})

describe('valid config fixtures', () => {
  const fixtures = readFixtures('valid')
  it('there are at least 10', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10)
  })

  it.each(fixtures.map((f) => [f.name, f] as const))('%s loads, plans and passes the plan gate', async (_name, f) => {
    await expect(loadAndPlan(f)).resolves.toBeUndefined()
  })

  it.each(fixtures.map((f) => [f.name, f] as const))('%s is accepted by the JSON Schema', (_name, f) => {
    const data: unknown = parse(readFileSync(f.file, 'utf8'))
    const ok = validateSchema(data)
    expect(ok ? [] : validateSchema.errors).toEqual([])
  })
})
