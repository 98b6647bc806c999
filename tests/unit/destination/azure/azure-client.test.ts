import { afterEach, describe, expect, test } from 'vitest'
import { azureClientSetup, azureServiceUrl } from '../../../../src/destination/azure/azure-client.js'
import { azureBlockSize } from '../../../../src/destination/azure/azure-store.js'
import { clearRegisteredSecrets, redactSecrets } from '../../../../src/redact/index.js'
import { destinationPlan } from '../plan-fixture.js'

afterEach(() => {
  clearRegisteredSecrets()
})

const KEY = Buffer.from('an account key of sufficient length').toString('base64')

describe('Azure client setup (H06)', () => {
  test('endpoint defaults to https://<account>.blob.core.windows.net', () => {
    expect(azureServiceUrl(destinationPlan('azure', { accountName: 'acme' }))).toBe('https://acme.blob.core.windows.net')
    expect(azureServiceUrl(destinationPlan('azure', { accountName: 'acme', endpoint: 'http://127.0.0.1:10000/devstoreaccount1/' }))).toBe('http://127.0.0.1:10000/devstoreaccount1')
  })

  test('account key → shared key credential, key registered for redaction', () => {
    const s = azureClientSetup(destinationPlan('azure', { accountName: 'acme', accountKeyEnv: 'K' }), 'ctr', { K: KEY })
    expect(s.credentialSource).toBe('account-key')
    expect(s.container.url).toBe('https://acme.blob.core.windows.net/ctr')
    expect(redactSecrets(`k=${KEY}`)).not.toContain(KEY)
  })

  test('SAS token: leading ? trimmed and appended to the URL; expired → refused', () => {
    const future = new Date(Date.now() + 24 * 3600e3).toISOString()
    const s = azureClientSetup(destinationPlan('azure', { accountName: 'acme', sasTokenEnv: 'SAS' }), 'ctr', { SAS: `?sv=2022-11-02&se=${future}&sig=abcd` })
    expect(s.credentialSource).toBe('sas-token')
    expect(s.container.url).toContain('/ctr?sv=2022-11-02')
    expect(() => azureClientSetup(destinationPlan('azure', { accountName: 'acme', sasTokenEnv: 'SAS' }), 'ctr', { SAS: 'sv=1&se=2020-01-01T00:00:00Z&sig=abcd' })).toThrow(
      /Azure SAS token already expired/,
    )
  })

  test('no credential configured and not anonymous → config error', () => {
    expect(() => azureClientSetup(destinationPlan('azure', { accountName: 'acme' }), 'ctr', {})).toThrow(/account_key_env/)
    expect(azureClientSetup(destinationPlan('azure', { accountName: 'acme', allowAnonymous: true }), 'ctr', {}).credentialSource).toBe('anonymous')
  })
})

test('block size keeps a blob under 50,000 blocks, min 8 MiB', () => {
  expect(azureBlockSize(100 * 1024 * 1024)).toBe(8 * 1024 * 1024)
  expect(Math.ceil(1e12 / azureBlockSize(1e12))).toBeLessThanOrEqual(50_000)
})
