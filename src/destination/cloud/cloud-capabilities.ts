import type { DestinationCapabilities } from '../destination.js'

/**
 * Object stores (S3, GCS, Azure Blob) share one contract (H03): an object becomes
 * visible only when its upload completes, so a retried upload simply replaces it.
 */
export const CLOUD_CAPABILITIES = Object.freeze({
  commitProtocol: 'finalize-on-close',
  idempotentOverwrite: true,
  retrySafe: true,
  partialWriteRisk: false,
  supportsManifest: true,
} as const satisfies DestinationCapabilities)
