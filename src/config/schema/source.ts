import { z } from 'zod'
import { reporter, runWhenShaped } from '../rules/report.js'
import { checkSourceConnection } from '../rules/source-rules.js'
import { TuningConfig } from './tuning.js'

export const SourceType = z.enum(['postgres', 'mysql', 'mssql'])
export type SourceType = z.infer<typeof SourceType>

export const SourceEnvironment = z.enum(['local', 'replica', 'production'])
export type SourceEnvironment = z.infer<typeof SourceEnvironment>

export const TlsMode = z.enum(['disable', 'require', 'verify-ca', 'verify-full'])
export type TlsMode = z.infer<typeof TlsMode>

const ENFORCED_MODES = ['require', 'verify-ca', 'verify-full']

/** `source.tls` (C12). `mode` stays unset when not written: the contradiction rule needs to know. */
export const TlsConfig = z
  .object({
    mode: TlsMode.optional().meta({ description: 'TLS mode; verify-full when the block is present without `mode`.', default: 'verify-full' }),
    ca_file: z.string().min(1).optional().meta({ description: 'PEM CA bundle to trust.' }),
    accept_invalid_certs: z.boolean().default(false).meta({ description: 'Danger: accept any certificate (loopback dev containers only).' }),
    accept_invalid_hostnames: z.boolean().default(false).meta({ description: 'Danger: skip hostname verification.' }),
  })
  .strict()
  .superRefine((tls, ctx) => {
    if (tls.mode === undefined || tls.mode === 'disable') return
    const knob = tls.accept_invalid_certs ? 'accept_invalid_certs' : tls.accept_invalid_hostnames ? 'accept_invalid_hostnames' : undefined
    if (knob === undefined) return
    ctx.addIssue({
      code: 'custom',
      message: `${knob} disables certificate verification, silently downgrading the chosen \`mode: ${tls.mode}\` to trust-anything (MITM exposure — credentials and rows readable/forgeable on the wire)`,
      params: {
        hint: 'drop the danger knob and trust a private CA with `tls.ca_file: <pem>`; only use a danger knob for a loopback self-signed dev container, and then omit the explicit `mode:`',
      },
    })
  })
  .meta({
    title: 'TLS',
    if: { required: ['mode'], properties: { mode: { enum: ENFORCED_MODES } } },
    then: { properties: { accept_invalid_certs: { const: false }, accept_invalid_hostnames: { const: false } } },
  })
export type TlsConfig = z.infer<typeof TlsConfig>

const URL_KEYS = ['url', 'url_env', 'url_file']
const STRUCTURED_KEYS = ['host', 'user', 'database', 'password', 'password_env', 'port']
/** Case-insensitive scheme patterns (JSON Schema regexes have no flags). */
const ci = (word: string): string => word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`)
const URL_SCHEME_PATTERNS: Readonly<Record<SourceType, string>> = {
  postgres: `^(?:${ci('postgresql')}|${ci('postgres')})://`,
  mysql: `^${ci('mysql')}://`,
  mssql: `^(?:${ci('sqlserver')}|${ci('mssql')})://`,
}
const anyRequired = (keys: readonly string[]): { anyOf: { required: string[] }[] } => ({ anyOf: keys.map((k) => ({ required: [k] })) })

/** `source:` (C07–C13). Flat like upstream; connection rules in `rules/source-rules.ts`. */
export const SourceConfig = z
  .object({
    type: SourceType.meta({ description: 'Source engine.' }),
    url: z.string().min(1).optional().meta({ description: 'Inline connection URL (not recommended for committed configs).' }),
    url_env: z.string().min(1).optional().meta({ description: 'Name of the env var holding the connection URL (recommended).' }),
    url_file: z.string().min(1).optional().meta({ description: 'File whose trimmed contents are the connection URL.' }),
    host: z.string().min(1).optional().meta({ description: 'Database host (structured form).' }),
    port: z.number().int().min(1).max(65535).optional().meta({ description: 'Default 5432 / 3306 / 1433 by type.' }),
    user: z.string().min(1).optional().meta({ description: 'Database user (structured form).' }),
    password: z.string().optional().meta({ description: 'Plaintext password (prefer `password_env`).' }),
    password_env: z.string().min(1).optional().meta({ description: 'Name of the env var holding the password.' }),
    database: z.string().min(1).optional().meta({ description: 'Database name (structured form).' }),
    environment: SourceEnvironment.optional().meta({ description: 'Picks the default tuning profile: local→fast, replica/production→balanced.' }),
    tuning: TuningConfig.optional(),
    tls: TlsConfig.optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    checkSourceConnection(s, reporter(ctx))
  }, runWhenShaped({ type: 'string' }, { url: 'string' }))
  .meta({
    title: 'Source',
    allOf: [
      { anyOf: [...anyRequired(URL_KEYS).anyOf, ...anyRequired(STRUCTURED_KEYS).anyOf] },
      { not: { anyOf: [{ required: ['url', 'url_env'] }, { required: ['url', 'url_file'] }, { required: ['url_env', 'url_file'] }] } },
      { not: { allOf: [anyRequired(URL_KEYS), anyRequired(STRUCTURED_KEYS)] } },
      { if: anyRequired(STRUCTURED_KEYS), then: { required: ['host', 'user', 'database'] } },
      { not: { required: ['password', 'password_env'] } },
      ...Object.entries(URL_SCHEME_PATTERNS).map(([type, pattern]) => ({
        if: { required: ['type', 'url'], properties: { type: { const: type } } },
        then: { properties: { url: { pattern } } },
      })),
    ],
  })
export type SourceConfig = z.infer<typeof SourceConfig>
