import { RivetError } from '../../errors/index.js'
import { registerSecret } from '../../redact/index.js'

/**
 * Reads a credential from the environment variable a config names (`*_env`, W02) and
 * registers it for redaction before anything can log it.
 */
export function readSecretEnv(env: NodeJS.ProcessEnv, varName: string, label: string, what: string): string {
  const value = env[varName]
  if (value === undefined || value === '') {
    throw new RivetError('RIVET_CONFIG_SECRET_UNSET', `${label} destination: environment variable '${varName}' (${what}) is not set`, {
      hint: `export \`${varName}\` before running, or change the \`*_env\` key in \`destination\``,
    })
  }
  registerSecret(value)
  return value
}
