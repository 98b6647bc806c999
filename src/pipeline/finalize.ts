import type { Destination } from '../destination/destination.js'
import { MANIFEST_FILENAME, MANIFEST_VERSION, SUCCESS_FILENAME, manifestBytes, manifestSourceNames, successMarkerBody, type ManifestStatus, type RunManifest } from '../manifest/manifest.js'
import type { ResolvedRunPlan } from '../plan/run-plan.js'
import type { CommittedPart } from './sink/export-sink.js'

/**
 * Writes `manifest.json` (every non-stdout run, success or failure) and then `_SUCCESS`
 * (success only, J01–J03). Parts are listed in commit order with 1-based ids.
 */
export async function writeManifest(opts: {
  readonly destination: Destination
  readonly plan: ResolvedRunPlan
  readonly runId: string
  readonly startedAt: Date
  readonly finishedAt: Date
  readonly status: ManifestStatus
  readonly schemaFingerprint: string
  readonly parts: readonly CommittedPart[]
}): Promise<RunManifest | undefined> {
  const { destination, plan } = opts
  if (!destination.capabilities.supportsManifest || destination.putBytes === undefined) return undefined
  const manifest: RunManifest = {
    manifest_version: MANIFEST_VERSION,
    run_id: opts.runId,
    export_name: plan.exportName,
    started_at: opts.startedAt.toISOString(),
    finished_at: opts.finishedAt.toISOString(),
    status: opts.status,
    source: { engine: plan.source.engine, ...manifestSourceNames(plan.exportName) },
    destination: { kind: destination.kind, uri: destination.baseUri },
    format: plan.output.format,
    compression: plan.output.format === 'csv' ? 'none' : plan.output.compression,
    schema_fingerprint: opts.schemaFingerprint,
    row_count: opts.parts.reduce((n, p) => n + p.rows, 0),
    part_count: opts.parts.length,
    parts: opts.parts.map((p, i) => ({
      part_id: i + 1,
      path: p.fileName,
      rows: p.rows,
      size_bytes: p.bytes,
      content_fingerprint: p.fingerprint,
      content_md5: p.md5Base64,
      status: 'committed',
    })),
  }
  const bytes = manifestBytes(manifest)
  // A stale _SUCCESS from an earlier run must not vouch for this manifest.
  if (opts.status !== 'success' && destination.delete !== undefined) await destination.delete(SUCCESS_FILENAME)
  await destination.putBytes(MANIFEST_FILENAME, bytes)
  if (opts.status === 'success') await destination.putBytes(SUCCESS_FILENAME, Buffer.from(await successMarkerBody(bytes), 'utf8'))
  return manifest
}
