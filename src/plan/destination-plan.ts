import type { DestinationConfig } from '../config/index.js'
import type { DestinationPlan } from './run-plan.js'

/** C30: the destination as written; templates in `prefix`/`path` are expanded at run time (C32). */
export function resolveDestination(d: DestinationConfig): DestinationPlan {
  return {
    type: d.type,
    path: d.path,
    bucket: d.bucket,
    prefix: d.prefix,
    region: d.region,
    endpoint: d.endpoint,
    credentialsFile: d.credentials_file,
    accessKeyEnv: d.access_key_env,
    secretKeyEnv: d.secret_key_env,
    sessionTokenEnv: d.session_token_env,
    awsProfile: d.aws_profile,
    accountName: d.account_name,
    accountKeyEnv: d.account_key_env,
    sasTokenEnv: d.sas_token_env,
    allowAnonymous: d.allow_anonymous,
  }
}
