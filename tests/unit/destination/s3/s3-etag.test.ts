import { expect, test } from 'vitest'
import { md5FromPutEtag } from '../../../../src/destination/s3/s3-etag.js'

const ETAG = '"5eb63bbbe01eeed093cb22bb8f5acdc3"' // md5("hello world")

test('plain and SSE-S3 objects: the ETag is the MD5', () => {
  expect(md5FromPutEtag({ ETag: ETAG })).toBe('XrY7u+Ae7tCTyyK7j1rNww==')
  expect(md5FromPutEtag({ ETag: ETAG, ServerSideEncryption: 'AES256' })).toBe('XrY7u+Ae7tCTyyK7j1rNww==')
})

test('SSE-KMS, DSSE-KMS and SSE-C objects: no MD5 claimed', () => {
  expect(md5FromPutEtag({ ETag: ETAG, ServerSideEncryption: 'aws:kms' })).toBeUndefined()
  expect(md5FromPutEtag({ ETag: ETAG, ServerSideEncryption: 'aws:kms:dsse' })).toBeUndefined()
  expect(md5FromPutEtag({ ETag: ETAG, SSECustomerAlgorithm: 'AES256' })).toBeUndefined()
})

test('multipart-style ETags are not MD5s', () => {
  expect(md5FromPutEtag({ ETag: '"5eb63bbbe01eeed093cb22bb8f5acdc3-4"' })).toBeUndefined()
  expect(md5FromPutEtag({})).toBeUndefined()
})
