import type { Writable } from 'node:stream'
import type { DestinationType } from '../plan/run-plan.js'

/** ADR-0004 contracts as data (H-section, STYLE §3). */
export interface DestinationCapabilities {
  /** atomic: rename into place; finalize-on-close: object appears when the upload completes; streaming: bytes leave as written. */
  readonly commitProtocol: 'atomic' | 'finalize-on-close' | 'streaming'
  readonly idempotentOverwrite: boolean
  readonly retrySafe: boolean
  readonly partialWriteRisk: boolean
  /** Whether manifest.json / _SUCCESS can be written next to the data. */
  readonly supportsManifest: boolean
}

export interface WriteOutcome {
  /** Full URI of the committed object (`file:///…`, `s3://bucket/key`). */
  readonly uri: string
  /** Object key / file name relative to the destination root. */
  readonly key: string
  readonly sizeBytes: number
  /** MD5 the store reported for the object, when it reports one (H08). */
  readonly storeMd5Base64?: string
}

/**
 * A temp file prepared for one output file. The writer fills `path`; `commit(fileName)`
 * makes it visible under its final name (rename or upload) — the name is decided only
 * then, because a split export learns its part count at the end (G04); `abort()` removes
 * every trace.
 */
export interface StagedFile {
  readonly path: string
  commit(fileName: string): Promise<WriteOutcome>
  abort(): Promise<void>
}

/** A streaming target (stdout): the writer writes straight into `stream`. */
export interface StreamTarget {
  readonly stream: Writable
  /** Resolves once every byte was flushed. */
  close(): Promise<WriteOutcome>
}

export interface ObjectMeta {
  readonly key: string
  readonly sizeBytes: number
  readonly md5Base64?: string
}

export interface Destination {
  readonly kind: DestinationType
  readonly capabilities: DestinationCapabilities
  /** URI of the destination root as written in the manifest (`file://./out`, `s3://bucket/prefix`). */
  readonly baseUri: string
  /** Present unless the destination streams (stdout). `hint` names the temp file. */
  stage?(hint: string): Promise<StagedFile>
  /** Present only for streaming destinations. */
  openStream?(fileName: string): Promise<StreamTarget>
  /** Small objects (manifest.json, _SUCCESS), committed atomically. */
  putBytes?(fileName: string, bytes: Uint8Array): Promise<WriteOutcome>
  getBytes?(fileName: string): Promise<Uint8Array | undefined>
  listPrefix?(): Promise<ObjectMeta[]>
  delete?(fileName: string): Promise<void>
}
