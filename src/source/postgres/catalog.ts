import type pg from 'pg'
import { needsCatalog, type PgTypeInfo } from './type-map.js'

/**
 * Fetches `pg_type` rows for OIDs the static map cannot name (enums, domains, arrays of
 * them), following element and base types. One small catalog query per level, at most 3.
 */
export async function loadTypeCatalog(client: pg.Client, oids: Iterable<number>): Promise<Map<number, PgTypeInfo>> {
  const catalog = new Map<number, PgTypeInfo>()
  let pending = [...new Set([...oids].filter(needsCatalog))]
  for (let depth = 0; depth < 3 && pending.length > 0; depth++) {
    const res = await client.query<{ oid: number; typname: string; typtype: string; typelem: number; typbasetype: number }>(
      'SELECT oid::int4 AS oid, typname, typtype::text AS typtype, typelem::int4 AS typelem, typbasetype::int4 AS typbasetype FROM pg_catalog.pg_type WHERE oid = ANY($1::oid[])',
      [pending],
    )
    const next: number[] = []
    for (const r of res.rows) {
      catalog.set(r.oid, { oid: r.oid, name: r.typname, typtype: r.typtype, elem: r.typelem, baseType: r.typbasetype })
      for (const o of [r.typelem, r.typbasetype]) if (o !== 0 && needsCatalog(o) && !catalog.has(o)) next.push(o)
    }
    pending = next
  }
  return catalog
}
