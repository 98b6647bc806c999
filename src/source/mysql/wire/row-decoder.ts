import type { ColumnBuilder } from '../../../batch/index.js'
import type { ValueDecoder } from '../decode.js'
import { binaryCellDecoder } from './binary-cells.js'
import { mysql2CellReader, type CellReader, type WireField, type WirePacket } from './mysql2-cell.js'
import { isRawUtf8Column, textCellDecoder, type CellDecoder } from './text-cells.js'
import type { RawTextColumn } from './utf8-repair.js'

/** Environment switch: `0` keeps mysql2's row arrays (for comparisons and as an escape hatch). */
export const WIRE_ENV = 'RIVET_MYSQL_FAST'

export type PacketHandler = (packet: WirePacket) => void

export interface RowColumn {
  readonly field: WireField
  readonly builder: ColumnBuilder
  /** The exact value decoder over mysql2's value (the slow path). */
  readonly decode: ValueDecoder
  readonly column: string
  readonly maxValueBytes: number | undefined
}

/**
 * Takes over row parsing of one mysql2 Query/Execute command: the command keeps its
 * protocol state machine (result-set header, column definitions, EOF/OK, errors, more
 * results), but each row packet goes to `handler` instead of mysql2's generated parser,
 * so no per-row array or per-cell JS value is built. The command's `row` state calls
 * `this._rowParser.next(packet, …)` and emits its (here undefined) return as 'result'.
 * False when the command is not that shape (another mysql2 version): use its rows then.
 */
export function interceptRows(command: object, handler: { current: PacketHandler | undefined }): boolean {
  if (process.env[WIRE_ENV] === '0') return false
  if (!('_rowParser' in command) || typeof Reflect.get(command, 'row') !== 'function') return false
  const parser = {
    next(packet: WirePacket): undefined {
      handler.current?.(packet)
      return undefined
    },
  }
  // mysql2 assigns its own parser once the column definitions are in; keep ours.
  Object.defineProperty(command, '_rowParser', { configurable: true, get: () => parser, set: () => undefined })
  return true
}

function slowCell(reader: CellReader, builder: ColumnBuilder, decode: ValueDecoder): CellDecoder {
  return (packet, _buf, pos) => {
    packet.offset = pos
    const v = reader(packet)
    if (v === null) builder.appendNull()
    else decode(v)
    return packet.offset
  }
}

function cellDecoders(columns: readonly RowColumn[], binaryProtocol: boolean): CellDecoder[] {
  return columns.map((c) => {
    const slow = slowCell(mysql2CellReader(c.field, binaryProtocol), c.builder, c.decode)
    const ctx = { field: c.field, builder: c.builder, maxValueBytes: c.maxValueBytes, column: c.column, slow }
    return binaryProtocol ? binaryCellDecoder(ctx) : textCellDecoder(ctx)
  })
}

/**
 * Decodes one row packet into the builders (one value or null per column). Text protocol:
 * every cell is length-encoded, 0xfb is NULL. Binary protocol: 0x00, a NULL bitmap with a
 * 2-bit offset, then the non-NULL cells.
 */
export function rowDecoder(columns: readonly RowColumn[], binaryProtocol: boolean): { decode: PacketHandler; rawText: RawTextColumn[] } {
  const rawText = columns.flatMap((c, index) => (isRawUtf8Column(c.field, c.builder) ? [{ index, type: c.builder.type }] : []))
  return { decode: packetDecoder(cellDecoders(columns, binaryProtocol), columns.map((c) => c.builder), binaryProtocol), rawText }
}

type DecoderFactory = (...parts: (CellDecoder | ColumnBuilder)[]) => PacketHandler

/** Generated decoder factories by shape (`<protocol>:<columns>`), shared by every query of that shape. */
const factories = new Map<string, DecoderFactory>()

/**
 * The row loop, unrolled per column: each column's decoder is called from a call site of its
 * own, which stays monomorphic so V8 can inline the cell decoder (one shared loop over an
 * array of ten different closures measured ~30 ns of dispatch per cell). The generated text
 * holds only column indices and bit masks, never data. mysql2 builds its own row parsers the
 * same way.
 */
function packetDecoder(cells: readonly CellDecoder[], builders: readonly ColumnBuilder[], binaryProtocol: boolean): PacketHandler {
  const n = cells.length
  const key = `${binaryProtocol ? 'binary' : 'text'}:${n}`
  let factory = factories.get(key)
  if (factory === undefined) {
    factory = compileFactory(n, binaryProtocol)
    factories.set(key, factory)
  }
  return factory(...cells, ...builders)
}

function compileFactory(n: number, binaryProtocol: boolean): DecoderFactory {
  const names = Array.from({ length: n }, (_, c) => [`c${c}`, `b${c}`] as const)
  const lines: string[] = ['return function decodeRow(packet) {', '  const buf = packet.buffer']
  if (binaryProtocol) {
    // 0x00, then a NULL bitmap whose first two bits are reserved, then the non-NULL cells
    lines.push('  const bitmap = packet.offset + 1', `  let pos = bitmap + ${Math.floor((n + 9) / 8)}`)
    names.forEach(([cell, builder], c) => {
      const bit = c + 2
      lines.push(`  if ((buf[bitmap + ${bit >> 3}] & ${1 << (bit & 7)}) !== 0) ${builder}.appendNull()`, `  else pos = ${cell}(packet, buf, pos)`)
    })
  } else {
    // every cell is length-encoded; 0xfb is NULL
    lines.push('  let pos = packet.offset')
    for (const [cell, builder] of names) lines.push(`  if (buf[pos] === 0xfb) { ${builder}.appendNull(); pos++ }`, `  else pos = ${cell}(packet, buf, pos)`)
  }
  lines.push('}')
  const params = [...names.map(([cell]) => cell), ...names.map(([, builder]) => builder)]
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated from column counts only (see above)
  return new Function(...params, lines.join('\n')) as DecoderFactory
}
