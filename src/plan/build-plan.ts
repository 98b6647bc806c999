import { resolve } from 'node:path'
import { readQueryFile, resolveSourceConnection, type ExportConfig, type LoadedConfig, type SourceConfig } from '../config/index.js'
import { RivetError } from '../errors/index.js'
import { resolveTuning } from '../tuning/index.js'
import { parseColumnOverride, type RivetType } from '../types/index.js'
import { resolveDestination } from './destination-plan.js'
import { resolveOutput } from './output-plan.js'
import type { ResolvedRunPlan, ResolvedSource, ResolvedTls, RunFlags, TableRef } from './run-plan.js'
import { resolveStrategy } from './strategy.js'

export interface BuildRunPlansOptions {
  /** `--export NAME`: plan only that export. */
  readonly exportName?: string | undefined
  readonly flags: RunFlags
  readonly env?: NodeJS.ProcessEnv
}

export interface BuiltRunPlans {
  readonly plans: ResolvedRunPlan[]
  /** WARN lines for the caller to log. */
  readonly warnings: string[]
}

/**
 * Turns a loaded config into one resolved plan per selected export (STYLE §5). Reads only
 * `url_file`, `query_file` and env vars; opens no connection and writes nothing.
 */
export function buildRunPlans(loaded: LoadedConfig, opts: BuildRunPlansOptions): BuiltRunPlans {
  const env = opts.env ?? process.env
  const selected = selectExports(loaded.config.exports, opts.exportName)
  const source = resolveSource(loaded.config.source, env)
  const flags: RunFlags = { ...opts.flags, validate: opts.flags.validate || opts.flags.reconcile }
  const warnings: string[] = []
  const plans = selected.map((e) => buildOne(loaded, e, source, flags, env, warnings))
  return { plans, warnings }
}

function selectExports(all: readonly ExportConfig[], name: string | undefined): readonly ExportConfig[] {
  if (name === undefined) return all
  const hit = all.find((e) => e.name === name)
  if (hit === undefined) {
    throw new RivetError('RIVET_EXPORT_NOT_FOUND', `export '${name}' not found in config.`, {
      hint: `Known exports: ${all.map((e) => e.name).join(', ')}`,
      details: { export: name, known: all.map((e) => e.name) },
    })
  }
  return [hit]
}

function resolveSource(s: SourceConfig, env: NodeJS.ProcessEnv): ResolvedSource {
  const tls: ResolvedTls | undefined =
    s.tls === undefined
      ? undefined
      : {
          mode: s.tls.mode ?? 'verify-full',
          modeExplicit: s.tls.mode !== undefined,
          ...(s.tls.ca_file === undefined ? {} : { caFile: resolve(s.tls.ca_file) }),
          acceptInvalidCerts: s.tls.accept_invalid_certs,
          acceptInvalidHostnames: s.tls.accept_invalid_hostnames,
        }
  return { engine: s.type, connection: resolveSourceConnection(s, env), tls, environment: s.environment }
}

function buildOne(
  loaded: LoadedConfig,
  e: ExportConfig,
  source: ResolvedSource,
  flags: RunFlags,
  env: NodeJS.ProcessEnv,
  warnings: string[],
): ResolvedRunPlan {
  const tuning = resolveTuning(loaded.config.source.tuning, e.tuning, loaded.config.source.environment)
  const { baseQuery, queryOrigin, table } = resolveQuery(loaded, e, env)
  return {
    exportName: e.name,
    baseQuery,
    queryOrigin,
    table,
    source,
    strategy: resolveStrategy(e, tuning),
    output: resolveOutput(e, warnings),
    destination: resolveDestination(e.destination),
    quality:
      e.quality === undefined
        ? undefined
        : {
            rowCountMin: e.quality.row_count_min,
            rowCountMax: e.quality.row_count_max,
            nullRatioMax: Object.entries(e.quality.null_ratio_max),
            uniqueColumns: e.quality.unique_columns,
            uniqueMaxEntries: e.quality.unique_max_entries,
          },
    metaColumns: { exportedAt: e.meta_columns.exported_at, rowHash: e.meta_columns.row_hash },
    tuning,
    columnOverrides: columnOverrides(e),
    schemaDrift: e.on_schema_drift,
    shapeDriftWarnFactor: e.shape_drift_warn_factor,
    verify: e.verify,
    reconcileRequired: e.reconcile_required,
    sourceGroup: e.source_group,
    target: e.target,
    partition: e.partition_by === undefined ? undefined : { column: e.partition_by, granularity: e.partition_granularity },
    flags,
    configPath: loaded.path,
    configDir: loaded.dir,
  }
}

function resolveQuery(
  loaded: LoadedConfig,
  e: ExportConfig,
  env: NodeJS.ProcessEnv,
): { baseQuery: string; queryOrigin: ResolvedRunPlan['queryOrigin']; table: TableRef | undefined } {
  if (e.table !== undefined) {
    const ident = e.table.trim()
    const dot = ident.indexOf('.')
    const table: TableRef = dot < 0 ? { schema: undefined, name: ident } : { schema: ident.slice(0, dot), name: ident.slice(dot + 1) }
    return { baseQuery: `SELECT * FROM ${ident}`, queryOrigin: 'table', table }
  }
  if (e.query_file !== undefined) {
    return { baseQuery: readQueryFile(e.name, loaded.dir, e.query_file, loaded.params, env), queryOrigin: 'query_file', table: undefined }
  }
  return { baseQuery: e.query ?? '', queryOrigin: 'query', table: undefined }
}

function columnOverrides(e: ExportConfig): ReadonlyMap<string, RivetType> {
  const out = new Map<string, RivetType>()
  for (const [column, spelling] of Object.entries(e.columns)) {
    const parsed = parseColumnOverride(spelling)
    // Validated at load; a failure here means the config bypassed loadConfig.
    if (!parsed.ok) throw new RivetError('RIVET_CONFIG_INVALID', `export '${e.name}': column '${column}': ${parsed.problem}`)
    out.set(column, parsed.type)
  }
  return out
}
