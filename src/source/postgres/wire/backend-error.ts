/**
 * An ErrorResponse read by the wire reader, shaped like node-postgres' DatabaseError
 * (`code` is the SQLSTATE), so the same classification applies to both paths.
 */
export class PgWireError extends Error {
  readonly code: string
  readonly severity: string | undefined
  readonly detail: string | undefined
  readonly hint: string | undefined

  constructor(fields: ReadonlyMap<string, string>) {
    super(fields.get('M') ?? 'unknown server error')
    this.name = 'PgWireError'
    this.code = fields.get('C') ?? 'XX000'
    this.severity = fields.get('V') ?? fields.get('S')
    this.detail = fields.get('D')
    this.hint = fields.get('H')
  }
}

/** ErrorResponse / NoticeResponse body: (1-byte field code, C string)* then a 0 byte. */
export function parseErrorFields(buf: Buffer, start: number, end: number): Map<string, string> {
  const fields = new Map<string, string>()
  let p = start
  while (p < end && buf[p] !== 0) {
    const code = String.fromCharCode(buf[p] ?? 0)
    const stop = buf.indexOf(0, p + 1)
    if (stop < 0 || stop > end) break
    fields.set(code, buf.toString('utf8', p + 1, stop))
    p = stop + 1
  }
  return fields
}

/** The connection died while the wire reader owned it; classified like a broken link (08006). */
export function connectionLost(reason: string): PgWireError {
  return new PgWireError(new Map([['M', `source connection lost during FETCH: ${reason}`], ['C', '08006']]))
}
