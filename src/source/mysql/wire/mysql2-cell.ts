import { MYSQL_TYPE, BINARY_CHARSET } from '../type-map.js'

/** The part of mysql2's `Packet` (lib/packets/packet.js) the row decoders use. */
export interface WirePacket {
  readonly buffer: Buffer
  offset: number
  readonly end: number
  readInt8(): number
  readSInt8(): number
  readInt16(): number
  readSInt16(): number
  readInt32(): number
  readSInt32(): number
  readInt64String(): string
  readSInt64String(): string
  readFloat(): number
  readDouble(): number
  readDateTimeString(decimals: number, timeSep: string | null, columnType: number): string
  readTimeString(): string
  readLengthCodedString(encoding: string): string | null
  readLengthCodedBuffer(): Buffer | null
  parseLengthCodedIntNoBigCheck(): number | null
  parseLengthCodedIntString(): string | null
  parseLengthCodedFloat(): number | null
}

/** The part of mysql2's `ColumnDefinition` the row decoders use. */
export interface WireField {
  readonly columnType: number
  readonly characterSet: number
  readonly flags: number
  readonly decimals: number
  /** Node encoding mysql2 derived from the collation (`utf8`, `binary`, `latin1`, …). */
  readonly encoding: string
  readonly extendedFormat?: string | undefined
}

export type CellValue = string | number | Buffer | null

/** Reads one non-NULL cell at `packet.offset` and advances it. */
export type CellReader = (packet: WirePacket) => CellValue

const UNSIGNED = 32

/**
 * The value mysql2 itself would hand over for this column with rivet's connection options
 * (`supportBigNumbers` + `bigNumberStrings`, `dateStrings`, `jsonStrings`, no
 * `decimalNumbers`) — the slow, exact path for columns without a byte-level decoder.
 * Mirrors `readCodeFor` in mysql2's lib/parsers/{binary,text}_parser.js.
 */
export function mysql2CellReader(field: WireField, binaryProtocol: boolean): CellReader {
  const enc = field.encoding
  if (field.extendedFormat === 'json') return (p) => p.readLengthCodedString(enc)
  return binaryProtocol ? binaryReader(field) : textReader(field)
}

function binaryReader(field: WireField): CellReader {
  const unsigned = (field.flags & UNSIGNED) !== 0
  const t = field.columnType
  switch (t) {
    case MYSQL_TYPE.TINY:
      return unsigned ? (p) => p.readInt8() : (p) => p.readSInt8()
    case MYSQL_TYPE.SHORT:
      return unsigned ? (p) => p.readInt16() : (p) => p.readSInt16()
    case MYSQL_TYPE.LONG:
    case MYSQL_TYPE.INT24:
      return unsigned ? (p) => p.readInt32() : (p) => p.readSInt32()
    case MYSQL_TYPE.YEAR:
      return (p) => p.readInt16()
    case MYSQL_TYPE.FLOAT:
      return (p) => p.readFloat()
    case MYSQL_TYPE.DOUBLE:
      return (p) => p.readDouble()
    case MYSQL_TYPE.NULL:
      return () => null
    case MYSQL_TYPE.DATE:
    case MYSQL_TYPE.DATETIME:
    case MYSQL_TYPE.TIMESTAMP:
    case MYSQL_TYPE.NEWDATE:
      return (p) => p.readDateTimeString(field.decimals, null, t)
    case MYSQL_TYPE.TIME:
      return (p) => p.readTimeString()
    case MYSQL_TYPE.DECIMAL:
    case MYSQL_TYPE.NEWDECIMAL:
      return (p) => p.readLengthCodedString('ascii')
    case MYSQL_TYPE.JSON:
      return (p) => p.readLengthCodedString('utf8')
    case MYSQL_TYPE.LONGLONG:
      return unsigned ? (p) => p.readInt64String() : (p) => p.readSInt64String()
    default:
      return bytesOrText(field)
  }
}

function textReader(field: WireField): CellReader {
  switch (field.columnType) {
    case MYSQL_TYPE.TINY:
    case MYSQL_TYPE.SHORT:
    case MYSQL_TYPE.LONG:
    case MYSQL_TYPE.INT24:
    case MYSQL_TYPE.YEAR:
      return (p) => p.parseLengthCodedIntNoBigCheck()
    case MYSQL_TYPE.LONGLONG:
      return (p) => p.parseLengthCodedIntString()
    case MYSQL_TYPE.FLOAT:
    case MYSQL_TYPE.DOUBLE:
      return (p) => p.parseLengthCodedFloat()
    case MYSQL_TYPE.DECIMAL:
    case MYSQL_TYPE.NEWDECIMAL:
    case MYSQL_TYPE.DATE:
    case MYSQL_TYPE.DATETIME:
    case MYSQL_TYPE.TIMESTAMP:
    case MYSQL_TYPE.TIME:
      return (p) => p.readLengthCodedString('ascii')
    case MYSQL_TYPE.JSON:
      return (p) => p.readLengthCodedString('utf8')
    default:
      return bytesOrText(field)
  }
}

/** Strings in the column's encoding; `binary` collation (and spatial/vector values) as bytes. */
function bytesOrText(field: WireField): CellReader {
  const t = field.columnType
  if (field.characterSet === BINARY_CHARSET || t === MYSQL_TYPE.GEOMETRY || t === MYSQL_TYPE.VECTOR) return (p) => p.readLengthCodedBuffer()
  const enc = field.encoding
  return (p) => p.readLengthCodedString(enc)
}
