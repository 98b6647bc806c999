import type { DestinationPlan, DestinationType } from '../../../src/plan/run-plan.js'

/** A destination plan with every optional field unset, overridden by `fields`. */
export function destinationPlan(type: DestinationType, fields: Partial<DestinationPlan> = {}): DestinationPlan {
  return {
    type, path: undefined, bucket: 'bkt', prefix: undefined, region: undefined, endpoint: undefined, credentialsFile: undefined,
    accessKeyEnv: undefined, secretKeyEnv: undefined, sessionTokenEnv: undefined, awsProfile: undefined, accountName: undefined,
    accountKeyEnv: undefined, sasTokenEnv: undefined, allowAnonymous: false, ...fields,
  }
}
