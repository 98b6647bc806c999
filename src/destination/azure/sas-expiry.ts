import { RivetError } from '../../errors/index.js'
import type { Logger } from '../../log/index.js'

/** Warn when a SAS token has less than this left: a long export may outlive it (H06). */
export const SAS_NEAR_EXPIRY_MS = 60 * 60 * 1000

export type SasExpiry =
  | { readonly status: 'healthy' | 'near-expiry' | 'expired'; readonly expiresAt: Date }
  | { readonly status: 'no-expiry' }
  | { readonly status: 'unparseable'; readonly raw: string }

/** Strips the leading `?` some portals include when copying a SAS token. */
export function normalizeSasToken(token: string): string {
  return token.trim().replace(/^\?/, '')
}

/** Reads the signed expiry (`se=`, RFC 3339 UTC) of a SAS token and classifies it against `now`. */
export function sasExpiry(token: string, now: Date): SasExpiry {
  const raw = new URLSearchParams(normalizeSasToken(token)).get('se')
  if (raw === null) return { status: 'no-expiry' }
  const ms = Date.parse(raw)
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(raw)) return { status: 'unparseable', raw }
  const expiresAt = new Date(ms)
  if (ms <= now.getTime()) return { status: 'expired', expiresAt }
  return { status: ms - now.getTime() < SAS_NEAR_EXPIRY_MS ? 'near-expiry' : 'healthy', expiresAt }
}

/** Refuses an expired token, warns on one about to expire or with an unreadable `se=`. */
export function enforceSasExpiry(token: string, now: Date, log: Logger): void {
  const e = sasExpiry(token, now)
  switch (e.status) {
    case 'expired':
      throw new RivetError('RIVET_DEST_AUTH', `Azure SAS token already expired (se=${e.expiresAt.toISOString()})`, {
        hint: 'generate a new SAS token, export it in the variable named by `sas_token_env`, and rerun',
      })
    case 'near-expiry': {
      const minutes = Math.max(1, Math.floor((e.expiresAt.getTime() - now.getTime()) / 60_000))
      log.warn(`Azure SAS token expires in ${String(minutes)} minute${minutes === 1 ? '' : 's'} (${e.expiresAt.toISOString()}); a long export may fail mid-run — rotate the token first`)
      return
    }
    case 'unparseable':
      log.warn(`Azure SAS token has an unreadable 'se=' value (${JSON.stringify(e.raw)}); skipping the expiry check`)
      return
    case 'healthy':
    case 'no-expiry':
      return
  }
}
