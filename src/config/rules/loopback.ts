import { isIP } from 'node:net'

/** The lower-cased host of `scheme://[user@]host[:port]/…`, or undefined when it is not such a URL. */
export function endpointHost(endpoint: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(endpoint)
  if (m === null) return undefined
  const authority = (m[2] ?? '').split('@').pop() ?? ''
  const host = authority.startsWith('[') ? (authority.slice(1).split(']')[0] ?? '') : (authority.split(':')[0] ?? '')
  return host === '' ? undefined : host.toLowerCase()
}

/** localhost, 127.0.0.0/8 and ::1 (C13, C31). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  if (h === 'localhost') return true
  if (isIP(h) === 4) return h.startsWith('127.')
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1'
  return false
}

/** JSON Schema pattern for an endpoint URL whose host is loopback. */
export const LOOPBACK_ENDPOINT_PATTERN =
  '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#@]*@)?([lL][oO][cC][aA][lL][hH][oO][sS][tT]|127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}|\\[::1\\])(:[0-9]+)?([/?#].*)?$'
