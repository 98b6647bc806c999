import { untakenName } from './naming.js'

/** Keyset page files (G04): `<export>_<ts>_keyset<n>.<ext>`, `_p<k>` per part when a page was split. */
export function keysetFileName(exportName: string, ts: string, page: number, ext: string, part: number | undefined, taken: Set<string>): string {
  const name = untakenName(`${exportName}_${ts}_keyset${page}${part === undefined ? '' : `_p${part}`}.${ext}`, taken)
  taken.add(name)
  return name
}
