import { expect, test } from 'vitest'
import { createDestination } from '../../../src/destination/registry.js'
import { destinationPlan } from './plan-fixture.js'

const ctx = { date: new Date('2026-03-04T05:06:07Z'), exportName: 'public.orders', tableName: 'orders', cwd: '/' }

test.each([
  ['s3', destinationPlan('s3', { prefix: 'raw/{table}/{date}/', region: 'us-east-1', allowAnonymous: true }), 's3://bkt/raw/orders/2026-03-04/'],
  ['gcs', destinationPlan('gcs', { prefix: 'raw/{export}/', allowAnonymous: true }), 'gs://bkt/raw/public.orders/'],
  ['azure', destinationPlan('azure', { accountName: 'acme', allowAnonymous: true }), 'az://bkt/'],
] as const)('%s: created lazily with the expanded prefix', async (kind, plan, uri) => {
  const d = await createDestination(plan, ctx)
  expect(d.kind).toBe(kind)
  expect(d.baseUri).toBe(uri)
  expect(d.capabilities.commitProtocol).toBe('finalize-on-close')
})
