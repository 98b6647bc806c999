/**
 * The few frontend (client → server) messages of the PostgreSQL v3 protocol the wire
 * reader sends: an unnamed Parse/Bind/Execute/Sync round for one FETCH, with a result
 * format code per column (0 text, 1 binary).
 */

function message(type: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(5 + body.length)
  out[0] = type
  out.writeInt32BE(4 + body.length, 1)
  body.copy(out, 5)
  return out
}

const PARSE = 0x50 // 'P'
const BIND = 0x42 // 'B'
const EXECUTE = 0x45 // 'E'
const SYNC = 0x53 // 'S'

/** Parse + Bind + Execute + Sync for `sql` (no parameters) with per-column result formats. */
export function extendedQuery(sql: string, resultFormats: readonly (0 | 1)[]): Buffer {
  const sqlBytes = Buffer.from(sql, 'utf8')
  // Parse: statement name "", query, 0 parameter types
  const parseBody = Buffer.alloc(1 + sqlBytes.length + 1 + 2)
  sqlBytes.copy(parseBody, 1)
  // Bind: portal "", statement "", 0 param formats, 0 params, N result formats
  const bindBody = Buffer.alloc(1 + 1 + 2 + 2 + 2 + resultFormats.length * 2)
  let o = 2 + 2 + 2
  bindBody.writeInt16BE(resultFormats.length, o)
  o += 2
  for (const f of resultFormats) {
    bindBody.writeInt16BE(f, o)
    o += 2
  }
  // Execute: portal "", no row limit
  const executeBody = Buffer.alloc(1 + 4)
  return Buffer.concat([message(PARSE, parseBody), message(BIND, bindBody), message(EXECUTE, executeBody), message(SYNC, Buffer.alloc(0))])
}
