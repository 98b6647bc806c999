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

function packetDecoder(cells: readonly CellDecoder[], builders: readonly ColumnBuilder[], binaryProtocol: boolean): PacketHandler {
  const n = cells.length
  if (binaryProtocol) {
    const nullBytes = Math.floor((n + 9) / 8)
    return (packet) => {
      const buf = packet.buffer
      const bitmap = packet.offset + 1
      let pos = bitmap + nullBytes
      for (let c = 0; c < n; c++) {
        const bit = c + 2
        if (((buf[bitmap + (bit >> 3)] as number) & (1 << (bit & 7))) !== 0) (builders[c] as ColumnBuilder).appendNull()
        else pos = (cells[c] as CellDecoder)(packet, buf, pos)
      }
    }
  }
  return (packet) => {
    const buf = packet.buffer
    let pos = packet.offset
    for (let c = 0; c < n; c++) {
      if (buf[pos] === 0xfb) {
        ;(builders[c] as ColumnBuilder).appendNull()
        pos++
      } else {
        pos = (cells[c] as CellDecoder)(packet, buf, pos)
      }
    }
  }
}
