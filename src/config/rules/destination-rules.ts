import type { Report } from './report.js'
import { endpointHost, isLoopbackHost } from './loopback.js'
import { hasParentComponent } from './path-safety.js'

export interface DestinationFields {
  readonly type: 'local' | 's3' | 'gcs' | 'azure' | 'stdout'
  readonly path?: string | undefined
  readonly bucket?: string | undefined
  readonly prefix?: string | undefined
  readonly endpoint?: string | undefined
  readonly credentials_file?: string | undefined
  readonly access_key_env?: string | undefined
  readonly secret_key_env?: string | undefined
  readonly account_name?: string | undefined
  readonly account_key_env?: string | undefined
  readonly sas_token_env?: string | undefined
  readonly allow_anonymous: boolean
}

const CLOUD = new Set(['s3', 'gcs', 'azure'])

/** C30/C31: per-type requirements, endpoint safety, credential matrices. */
export function checkDestination(d: DestinationFields, report: Report): void {
  if (CLOUD.has(d.type) && d.bucket === undefined) {
    report(['bucket'], d.type === 'azure' ? "Azure destination requires 'bucket' (container name)" : `${d.type.toUpperCase()} destination requires 'bucket'`)
  }
  if (d.type === 'local') checkLocal(d, report)
  if (CLOUD.has(d.type) && d.endpoint !== undefined && !d.allow_anonymous) {
    const host = endpointHost(d.endpoint)
    if (host === undefined || !isLoopbackHost(host)) {
      report(
        ['endpoint'],
        `'${d.endpoint}' points at a non-loopback host. A custom endpoint redirects every upload there — committing one is a data-exfiltration / cleartext-credential risk`,
        'drop `endpoint:` to use the provider default, point it at a loopback emulator (e.g. http://127.0.0.1:9000), or set `allow_anonymous: true` for an anonymous emulator',
      )
    }
  }
  if (d.type === 's3' && (d.access_key_env === undefined) !== (d.secret_key_env === undefined)) {
    report([], 'S3 requires both access_key_env and secret_key_env, or neither (use default AWS credential chain)')
  }
  if (d.type === 'gcs' && d.allow_anonymous && d.credentials_file !== undefined) {
    report([], 'GCS allow_anonymous cannot be used together with credentials_file')
  }
  if (d.type === 'azure') checkAzure(d, report)
}

function checkLocal(d: DestinationFields, report: Report): void {
  for (const field of ['path', 'prefix'] as const) {
    const value = d[field]
    if (value !== undefined && hasParentComponent(value)) {
      report([field], `local destination ${field} must not contain a '..' component: '${value}' (a parent-dir climb writes outside the output tree)`)
    }
  }
}

function checkAzure(d: DestinationFields, report: Report): void {
  const hasName = d.account_name !== undefined
  const hasKey = d.account_key_env !== undefined
  const hasSas = d.sas_token_env !== undefined
  if (d.allow_anonymous) {
    if (hasName || hasKey || hasSas) report([], 'Azure allow_anonymous cannot be combined with account_name/account_key_env/sas_token_env')
  } else if (hasKey && hasSas) {
    report([], 'Azure account_key_env and sas_token_env are mutually exclusive — pick one auth mode')
  } else if (!hasName) {
    report([], 'Azure requires account_name (plus account_key_env or sas_token_env), or allow_anonymous: true for Azurite')
  } else if (!hasKey && !hasSas) {
    report([], 'Azure requires account_key_env or sas_token_env (or allow_anonymous: true for Azurite)')
  }
}
