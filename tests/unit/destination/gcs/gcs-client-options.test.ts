import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { gcsClientSetup } from '../../../../src/destination/gcs/gcs-client-options.js'
import { clearRegisteredSecrets, redactSecrets } from '../../../../src/redact/index.js'
import { destinationPlan } from '../plan-fixture.js'

afterEach(() => {
  clearRegisteredSecrets()
})

async function credFile(body: object): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'rivet-gcs-ut-')), 'creds.json')
  await writeFile(path, JSON.stringify(body))
  return path
}

describe('GCS credentials precedence (H05)', () => {
  test('allow_anonymous wins and skips authentication', async () => {
    const file = await credFile({ type: 'service_account', private_key: 'pk-secret-value' })
    const s = gcsClientSetup(destinationPlan('gcs', { allowAnonymous: true, endpoint: 'http://127.0.0.1:4443', credentialsFile: file }))
    expect(s.credentialSource).toBe('anonymous')
    expect(s.options).toMatchObject({ apiEndpoint: 'http://127.0.0.1:4443', useAuthWithCustomEndpoint: false })
    expect(s.options.keyFilename).toBeUndefined()
  })

  test('credentials_file: service account, project id taken from it, key registered for redaction', async () => {
    const file = await credFile({ type: 'service_account', project_id: 'proj-1', private_key: 'pk-secret-value', client_email: 'a@b' })
    const s = gcsClientSetup(destinationPlan('gcs', { credentialsFile: file }))
    expect(s.credentialSource).toBe('service-account-file')
    expect(s.options).toMatchObject({ keyFilename: file, projectId: 'proj-1' })
    expect(redactSecrets('key=pk-secret-value')).not.toContain('pk-secret-value')
  })

  test('credentials_file: authorized_user ADC file', async () => {
    const file = await credFile({ type: 'authorized_user', client_id: 'c', client_secret: 'cs-secret', refresh_token: 'rt-secret-value' })
    expect(gcsClientSetup(destinationPlan('gcs', { credentialsFile: file })).credentialSource).toBe('authorized-user-file')
    expect(redactSecrets('rt-secret-value')).toBe('REDACTED')
  })

  test('an unreadable or foreign credentials file → RIVET_DEST_AUTH', async () => {
    expect(() => gcsClientSetup(destinationPlan('gcs', { credentialsFile: '/nonexistent/creds.json' }))).toThrow(/cannot read credentials_file/)
    const file = await credFile({ type: 'external_account' })
    expect(() => gcsClientSetup(destinationPlan('gcs', { credentialsFile: file }))).toThrow(/unsupported type 'external_account'/)
  })

  test('otherwise the default chain; a custom endpoint keeps authentication on; library retries off', () => {
    const d = gcsClientSetup(destinationPlan('gcs'))
    expect(d.credentialSource).toBe('default-chain')
    expect(d.options.retryOptions).toMatchObject({ autoRetry: false })
    expect(gcsClientSetup(destinationPlan('gcs', { endpoint: 'https://storage.example' })).options).toMatchObject({ useAuthWithCustomEndpoint: true })
  })
})
