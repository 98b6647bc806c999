import { z } from 'zod'
import { checkDestination } from '../rules/destination-rules.js'
import { LOOPBACK_ENDPOINT_PATTERN } from '../rules/loopback.js'
import { PARENT_COMPONENT_PATTERN } from '../rules/path-safety.js'
import { reporter, runWhenShaped } from '../rules/report.js'

export const DestinationType = z.enum(['local', 's3', 'gcs', 'azure', 'stdout'])
export type DestinationType = z.infer<typeof DestinationType>

const str = z.string().min(1)
const isType = (...types: string[]): Record<string, unknown> => ({ required: ['type'], properties: { type: { enum: types } } })
const STRING_FIELDS = Object.fromEntries(
  ['path', 'bucket', 'prefix', 'endpoint', 'credentials_file', 'access_key_env', 'secret_key_env', 'account_name', 'account_key_env', 'sas_token_env'].map((k) => [k, 'string' as const]),
)
const noParent = { not: { pattern: PARENT_COMPONENT_PATTERN } }

/** `exports[].destination` (C30–C32). Flat like upstream; rules in `rules/destination-rules.ts`. */
export const DestinationConfig = z
  .object({
    type: DestinationType.meta({ description: 'Where files go.' }),
    path: str.optional().meta({ description: 'Local output directory (relative to the working directory).' }),
    bucket: str.optional().meta({ description: 'S3/GCS bucket, or the Azure container.' }),
    prefix: str.optional().meta({ description: 'Key prefix; `{date}`, `{export}`, `{table}`, `{partition}`, `{run_id}` are expanded.' }),
    region: str.optional().meta({ description: 'S3 region.' }),
    endpoint: str.optional().meta({ description: 'Custom endpoint; must be loopback unless `allow_anonymous`.' }),
    credentials_file: str.optional().meta({ description: 'Service-account / credentials file; must exist.' }),
    access_key_env: str.optional().meta({ description: 'S3: env var holding the access key id (with `secret_key_env`).' }),
    secret_key_env: str.optional().meta({ description: 'S3: env var holding the secret access key (with `access_key_env`).' }),
    session_token_env: str.optional().meta({ description: 'S3: env var holding a session token.' }),
    aws_profile: str.optional().meta({ description: 'S3: named AWS profile.' }),
    account_name: str.optional().meta({ description: 'Azure storage account name.' }),
    account_key_env: str.optional().meta({ description: 'Azure: env var holding the account key (or use `sas_token_env`).' }),
    sas_token_env: str.optional().meta({ description: 'Azure: env var holding a SAS token (or use `account_key_env`).' }),
    allow_anonymous: z.boolean().default(false).meta({ description: 'Anonymous access (test emulators).' }),
  })
  .strict()
  .superRefine((d, ctx) => {
    checkDestination(d, reporter(ctx))
  }, runWhenShaped({ type: 'string' }, STRING_FIELDS))
  .meta({
    title: 'Destination',
    allOf: [
      { if: isType('s3', 'gcs', 'azure'), then: { required: ['bucket'] } },
      { if: isType('local'), then: { required: ['path'], properties: { path: noParent, prefix: noParent } } },
      {
        if: { ...isType('s3', 'gcs', 'azure'), not: { required: ['allow_anonymous'], properties: { allow_anonymous: { const: true } } } },
        then: { properties: { endpoint: { pattern: LOOPBACK_ENDPOINT_PATTERN } } },
      },
      { if: isType('s3'), then: { dependentRequired: { access_key_env: ['secret_key_env'], secret_key_env: ['access_key_env'] } } },
      {
        if: { ...isType('gcs'), required: ['type', 'allow_anonymous'], properties: { type: { const: 'gcs' }, allow_anonymous: { const: true } } },
        then: { not: { required: ['credentials_file'] } },
      },
      {
        if: isType('azure'),
        then: {
          if: { required: ['allow_anonymous'], properties: { allow_anonymous: { const: true } } },
          then: { not: { anyOf: [{ required: ['account_name'] }, { required: ['account_key_env'] }, { required: ['sas_token_env'] }] } },
          else: { required: ['account_name'], oneOf: [{ required: ['account_key_env'] }, { required: ['sas_token_env'] }] },
        },
      },
    ],
  })
export type DestinationConfig = z.infer<typeof DestinationConfig>
