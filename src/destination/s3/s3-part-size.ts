const MIB = 1024 * 1024

/** Objects up to this size go up in one PutObject with Content-MD5 (H03). */
export const S3_SINGLE_PUT_MAX_BYTES = 64 * MIB
export const S3_MIN_PART_BYTES = 8 * MIB
export const S3_MAX_PARTS = 10_000

/** Part size for a multipart upload: at least 8 MiB, whole MiB, never more than 10,000 parts. */
export function s3PartSize(sizeBytes: number): number {
  const needed = Math.ceil(sizeBytes / S3_MAX_PARTS)
  return Math.max(S3_MIN_PART_BYTES, Math.ceil(needed / MIB) * MIB)
}
