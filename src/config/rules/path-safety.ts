/** True when a `/` or `\` separated path has a `..` component. */
export function hasParentComponent(path: string): boolean {
  return path.split(/[/\\]/).includes('..')
}

/** POSIX absolute, UNC, or a Windows drive path. */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path)
}

/** JSON Schema patterns matching the unsafe shapes above. */
export const PARENT_COMPONENT_PATTERN = '(^|[/\\\\])\\.\\.([/\\\\]|$)'
export const ABSOLUTE_PATH_PATTERN = '^([/\\\\]|[A-Za-z]:)'
