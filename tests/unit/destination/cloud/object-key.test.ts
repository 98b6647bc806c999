import { expect, test } from 'vitest'
import { cloudBaseUri, objectKey } from '../../../../src/destination/cloud/object-key.js'

test('key = prefix + name with no separator inserted', () => {
  expect(objectKey('exports/orders/', 'a.parquet')).toBe('exports/orders/a.parquet')
  expect(objectKey('exports/orders', 'a.parquet')).toBe('exports/ordersa.parquet')
  expect(objectKey('', 'a.parquet')).toBe('a.parquet')
  expect(objectKey('/lead/', 'a')).toBe('lead/a')
})

test('base URIs', () => {
  expect(cloudBaseUri('s3', 'bkt', 'p/')).toBe('s3://bkt/p/')
  expect(cloudBaseUri('s3', 'bkt', '')).toBe('s3://bkt/')
  expect(cloudBaseUri('gs', 'bkt', 'x/')).toBe('gs://bkt/x/')
  expect(cloudBaseUri('az', 'ctr', 'y/')).toBe('az://ctr/y/')
})
