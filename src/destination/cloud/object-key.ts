/**
 * Object key = prefix + file name, verbatim (H03): no separator is inserted, so a
 * prefix meant as a folder must end with `/`. A leading `/` is dropped because object
 * stores treat it as part of the key.
 */
export function objectKey(prefix: string, fileName: string): string {
  return `${normalizePrefix(prefix)}${fileName}`
}

export function normalizePrefix(prefix: string | undefined): string {
  return (prefix ?? '').replace(/^\/+/, '')
}

/** `s3://bucket/prefix` — `s3://bucket/` without prefix (H04–H06). */
export function cloudBaseUri(scheme: string, bucket: string, prefix: string): string {
  return `${scheme}://${bucket}/${normalizePrefix(prefix)}`
}
