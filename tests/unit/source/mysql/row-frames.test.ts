import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Connection } from 'mysql2'
import { describe, expect, it } from 'vitest'
import type { WirePacket } from '../../../../src/source/mysql/wire/mysql2-cell.js'
import { rowFrames, type RowFrames } from '../../../../src/source/mysql/wire/row-frames.js'

/** mysql2's real packet parser, driven the way its connection drives it (one `execute` per network chunk). */
const load = createRequire(import.meta.url)
// mysql2's `exports` map hides lib/: load the file by path, as the connection does internally
const PacketParser = load(join(dirname(load.resolve('mysql2')), 'lib', 'packet_parser.js')) as new (onPacket: (p: WirePacket & { sequenceId: number }) => void) => { execute(chunk: Buffer): unknown }

function lcb(n: number): Buffer {
  if (n < 251) return Buffer.from([n])
  return Buffer.from([0xfc, n & 0xff, n >> 8])
}

/** Text-protocol row packets `row-<i>` (one length-coded cell of varied width), then an EOF packet. */
function resultRows(count: number, seed: number): { wire: Buffer; cells: string[] } {
  const parts: Buffer[] = []
  const cells: string[] = []
  let r = seed
  const rand = (): number => {
    r = (r * 1103515245 + 12345) & 0x7fffffff
    return r
  }
  let seq = 3
  const packet = (payload: Buffer): void => {
    const header = Buffer.from([payload.length & 0xff, (payload.length >> 8) & 0xff, payload.length >> 16, seq & 0xff])
    seq++
    parts.push(header, payload)
  }
  for (let i = 0; i < count; i++) {
    const cell = `row-${i}-${'x'.repeat(rand() % 400)}`
    cells.push(cell)
    packet(Buffer.concat([lcb(cell.length), Buffer.from(cell)]))
  }
  packet(Buffer.from([0xfe, 0, 0, 0x22, 0])) // EOF: no warnings, status flags
  return { wire: Buffer.concat(parts), cells }
}

interface Harness {
  conn: Record<string, unknown>
  seen: string[]
  viaMysql2: number
  eofs: number
  outOfOrder: number
}

function harness(): Harness {
  const { h, frames } = harnessWithFrames()
  frames.activate()
  return h
}

/** A connection shaped like mysql2's: handlePacket checks sequence ids, the command is in its row state until EOF. */
function harnessWithFrames(): { h: Harness; frames: RowFrames } {
  const h: Harness = { conn: {}, seen: [], viaMysql2: 0, eofs: 0, outOfOrder: 0 }
  // mysql2's row state; its identity is what row-frames compares against
  const row = (): void => undefined
  const command = { next: row as unknown, row }
  const conn: Record<string, unknown> = { sequenceId: 3, _paused: false, _paused_packets: [], _fatalError: null, _command: command, config: {} }
  conn.packetParser = new PacketParser((p) => {
    if (p.sequenceId !== conn.sequenceId) h.outOfOrder++
    conn.sequenceId = (p.sequenceId + 1) & 0xff
    if (p.buffer[p.offset] === 0xfe) {
      h.eofs++
      command.next = undefined
      return
    }
    h.viaMysql2++
    read(p)
  })
  const read = (p: WirePacket): void => {
    const first = p.buffer[p.offset] as number
    const start = p.offset + (first === 0xfc ? 3 : 1)
    const len = first === 0xfc ? p.buffer.readUInt16LE(p.offset + 1) : first
    h.seen.push(p.buffer.toString('latin1', start, start + len))
  }
  h.conn = conn
  const frames = rowFrames(conn as unknown as Connection, command, read)
  if (frames === undefined) throw new Error('rowFrames refused the mysql2-shaped connection')
  return { h, frames }
}

function feed(h: Harness, wire: Buffer, sizes: () => number): void {
  const parser = h.conn.packetParser as { execute(chunk: Buffer): unknown }
  for (let at = 0; at < wire.length; ) {
    const n = Math.min(wire.length - at, Math.max(1, sizes()))
    parser.execute(wire.subarray(at, at + n))
    at += n
  }
}

describe('MySQL row framing without mysql2 dispatch', () => {
  it('whole chunks: every row in order, the EOF through mysql2, sequence ids in step', () => {
    const { wire, cells } = resultRows(500, 1)
    const h = harness()
    feed(h, wire, () => 65536)
    expect(h.seen).toEqual(cells)
    expect(h.eofs).toBe(1)
    expect(h.outOfOrder).toBe(0)
    // only packets split across the 64 KiB chunks take mysql2's path
    expect(h.viaMysql2).toBeLessThan(10)
  })

  it.each([1, 2, 3, 5, 7, 64, 333, 4096])('chunks of %i bytes: same rows, nothing lost or repeated', (size) => {
    const { wire, cells } = resultRows(300, size)
    const h = harness()
    feed(h, wire, () => size)
    expect(h.seen).toEqual(cells)
    expect(h.eofs).toBe(1)
    expect(h.outOfOrder).toBe(0)
  })

  it('random chunk sizes (property): same rows for many seeds', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { wire, cells } = resultRows(200, seed)
      let r = seed * 7919
      const h = harness()
      feed(h, wire, () => {
        r = (r * 1103515245 + 12345) & 0x7fffffff
        return 1 + (r % 3000)
      })
      expect(h.seen).toEqual(cells)
      expect(h.eofs).toBe(1)
      expect(h.outOfOrder).toBe(0)
    }
  })

  it('a pause mid-chunk leaves the rest of the chunk to mysql2 (read-ahead stays bounded)', () => {
    const { wire, cells } = resultRows(100, 9)
    const h = harness()
    const parser = h.conn.packetParser as { execute(chunk: Buffer): unknown }
    const seenBefore = (): number => h.seen.length
    // pause after the 10th row: the harness's mysql2 handler still receives the rest (it has no pause queue)
    let calls = 0
    const conn = h.conn
    const originalRead = h.seen.push.bind(h.seen)
    h.seen.push = (...items: string[]): number => {
      calls++
      if (calls === 10) conn._paused = true
      return originalRead(...items)
    }
    parser.execute(wire)
    expect(seenBefore()).toBe(100)
    expect([...h.seen]).toEqual(cells)
    expect(h.viaMysql2).toBe(90)
  })

  it('outside the row state mysql2 frames every packet', () => {
    const { wire, cells } = resultRows(50, 3)
    const h = harness()
    const command = h.conn._command as { next: unknown }
    command.next = undefined // e.g. reading the column definitions of a procedure's next result set
    feed(h, wire, () => 65536)
    expect(h.viaMysql2).toBe(50)
    expect(h.seen).toEqual(cells)
  })

  it('release() gives framing back to mysql2 for good', () => {
    const { wire, cells } = resultRows(50, 4)
    const load2 = harnessWithFrames()
    load2.frames.release()
    load2.frames.activate() // too late: released is final
    const parser = load2.h.conn.packetParser as object
    expect(Object.getOwnPropertyDescriptor(parser, 'execute')).toHaveProperty('writable', true)
    feed(load2.h, wire, () => 65536)
    expect(load2.h.viaMysql2).toBe(50)
    expect(load2.h.seen).toEqual(cells)
  })

  it('refuses connections it does not understand (compression, no reusable packet)', () => {
    const command = { row: () => undefined }
    expect(rowFrames({ packetParser: new PacketParser(() => undefined), config: { compress: true } } as unknown as Connection, command, () => undefined)).toBeUndefined()
    const parser = new PacketParser(() => undefined) as unknown as Record<string, unknown>
    Reflect.deleteProperty(parser, '_reusablePacket')
    expect(rowFrames({ packetParser: parser, config: {} } as unknown as Connection, command, () => undefined)).toBeUndefined()
  })
})
