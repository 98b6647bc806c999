import { xxh3Fingerprint } from './hashing.js'

/**
 * The run manifest (J01) written as `manifest.json` at the destination root after every
 * non-stdout run, and the `_SUCCESS` marker (J03) written after it only on success.
 */
export const MANIFEST_VERSION = 1
export const MANIFEST_FILENAME = 'manifest.json'
export const SUCCESS_FILENAME = '_SUCCESS'

export type ManifestStatus = 'success' | 'failed' | 'interrupted'

export interface ManifestPart {
  readonly part_id: number
  readonly path: string
  readonly rows: number
  readonly size_bytes: number
  readonly content_fingerprint: string
  readonly content_md5: string
  readonly status: 'committed' | 'quarantined'
}

export interface RunManifest {
  readonly manifest_version: number
  readonly run_id: string
  readonly export_name: string
  readonly started_at: string
  readonly finished_at: string
  readonly status: ManifestStatus
  readonly source: { readonly engine: string; readonly schema: string | null; readonly table: string | null }
  readonly destination: { readonly kind: string; readonly uri: string }
  readonly format: string
  readonly compression: string
  readonly schema_fingerprint: string
  readonly row_count: number
  readonly part_count: number
  readonly parts: readonly ManifestPart[]
}

/** schema/table of the manifest's `source` block: the export name split on the first `.`. */
export function manifestSourceNames(exportName: string): { schema: string | null; table: string | null } {
  const dot = exportName.indexOf('.')
  return dot < 0 ? { schema: null, table: exportName } : { schema: exportName.slice(0, dot), table: exportName.slice(dot + 1) }
}

/** Pretty JSON bytes, key order as declared (deterministic). */
export function manifestBytes(m: RunManifest): Buffer {
  return Buffer.from(JSON.stringify(m, null, 2) + '\n', 'utf8')
}

/** `_SUCCESS` body: `xxh3:<16 hex of the manifest bytes>\n`. */
export async function successMarkerBody(manifest: Uint8Array): Promise<string> {
  return `${await xxh3Fingerprint(manifest)}\n`
}

/** Schema fingerprint (J02): xxh3 over the sorted `<name>\t<arrow type>\n` lines. */
export async function schemaFingerprint(columns: readonly { name: string; type: string }[]): Promise<string> {
  const lines = columns.map((c) => `${c.name}\t${c.type}\n`).sort()
  return xxh3Fingerprint(lines.join(''))
}
