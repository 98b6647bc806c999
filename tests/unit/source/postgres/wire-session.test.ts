import { Duplex } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { PgWireError } from '../../../../src/source/postgres/wire/backend-error.js'
import { extendedQuery } from '../../../../src/source/postgres/wire/frontend-messages.js'
import { WireSession } from '../../../../src/source/postgres/wire/wire-session.js'

function msg(type: string, body: Buffer): Buffer {
  const out = Buffer.alloc(5 + body.length)
  out.write(type, 0, 'latin1')
  out.writeInt32BE(4 + body.length, 1)
  body.copy(out, 5)
  return out
}

function dataRow(...fields: (string | null)[]): Buffer {
  const parts: Buffer[] = [Buffer.from([0, fields.length])]
  for (const f of fields) {
    const len = Buffer.alloc(4)
    len.writeInt32BE(f === null ? -1 : Buffer.byteLength(f), 0)
    parts.push(len)
    if (f !== null) parts.push(Buffer.from(f))
  }
  return msg('D', Buffer.concat(parts))
}

const ready = msg('Z', Buffer.from('T'))
const complete = (n: number): Buffer => msg('C', Buffer.from(`FETCH ${n}\0`))
const parseBind = Buffer.concat([msg('1', Buffer.alloc(0)), msg('2', Buffer.alloc(0))])
const errorResponse = (code: string, text: string): Buffer => msg('E', Buffer.from(`SERROR\0C${code}\0M${text}\0\0`))

function fakeSocket(): { socket: Duplex; written: Buffer[] } {
  const written: Buffer[] = []
  const socket = new Duplex({
    read() {
      // data is delivered by emitting 'data' directly
    },
    write(chunk: Buffer, _enc, cb) {
      written.push(chunk)
      cb()
    },
  })
  return { socket, written }
}

/** Fields of each DataRow body as strings. */
function collector(): { rows: (string | null)[][]; onRow: (buf: Buffer, start: number, end: number) => void } {
  const rows: (string | null)[][] = []
  return {
    rows,
    onRow: (buf, start) => {
      const n = buf.readInt16BE(start)
      let p = start + 2
      const row: (string | null)[] = []
      for (let i = 0; i < n; i++) {
        const len = buf.readInt32BE(p)
        p += 4
        if (len < 0) row.push(null)
        else {
          row.push(buf.toString('utf8', p, p + len))
          p += len
        }
      }
      rows.push(row)
    },
  }
}

describe('WireSession framing on a borrowed socket', () => {
  const stream = Buffer.concat([parseBind, dataRow('1', 'héllo'), dataRow('2', null), dataRow('3', 'x'.repeat(70000)), complete(3), ready])

  it.each([1, 2, 3, 5, 7, 64, 4096, stream.length])('delivers every DataRow when the bytes arrive in %i-byte chunks', async (size) => {
    const { socket } = fakeSocket()
    const session = new WireSession(socket)
    const c = collector()
    const done = session.request(Buffer.from('q'), c.onRow)
    for (let i = 0; i < stream.length; i += size) socket.emit('data', stream.subarray(i, i + size))
    await expect(done).resolves.toBe(3)
    expect(c.rows.map((r) => r[0])).toEqual(['1', '2', '3'])
    expect(c.rows[0]?.[1]).toBe('héllo')
    expect(c.rows[1]?.[1]).toBeNull()
    expect(c.rows[2]?.[1]).toHaveLength(70000)
  })

  it('pipelined requests settle in order at their own ReadyForQuery', async () => {
    const { socket, written } = fakeSocket()
    const session = new WireSession(socket)
    const a = collector()
    const b = collector()
    const first = session.request(Buffer.from('A'), a.onRow)
    const second = session.request(Buffer.from('B'), b.onRow)
    expect(Buffer.concat(written).toString()).toBe('AB')
    socket.emit('data', Buffer.concat([dataRow('a1'), complete(1), ready, dataRow('b1'), dataRow('b2'), complete(2), ready]))
    await expect(first).resolves.toBe(1)
    await expect(second).resolves.toBe(2)
    expect(b.rows.map((r) => r[0])).toEqual(['b1', 'b2'])
  })

  it('an ErrorResponse rejects with the SQLSTATE after the ReadyForQuery', async () => {
    const { socket } = fakeSocket()
    const session = new WireSession(socket)
    const c = collector()
    const done = session.request(Buffer.from('q'), c.onRow)
    socket.emit('data', Buffer.concat([dataRow('1'), errorResponse('22012', 'division by zero')]))
    expect(session.inFlight).toBe(1)
    socket.emit('data', ready)
    const err = await done.then(() => undefined, (e: unknown) => e)
    expect(err).toBeInstanceOf(PgWireError)
    expect((err as PgWireError).code).toBe('22012')
    expect((err as PgWireError).message).toBe('division by zero')
  })

  it('a throwing row handler rejects its request but keeps the stream framed for the next one', async () => {
    const { socket } = fakeSocket()
    const session = new WireSession(socket)
    const bad = session.request(Buffer.from('q'), () => {
      throw new Error('cannot decode')
    })
    const c = collector()
    const good = session.request(Buffer.from('q'), c.onRow)
    socket.emit('data', Buffer.concat([dataRow('1'), dataRow('2'), complete(2), ready, dataRow('ok'), complete(1), ready]))
    await expect(bad).rejects.toThrow('cannot decode')
    await expect(good).resolves.toBe(1)
    expect(c.rows).toEqual([['ok']])
  })

  it('release waits for requests in flight, restores the original listeners and forwards leftover bytes', async () => {
    const { socket } = fakeSocket()
    const seenByDriver: Buffer[] = []
    const driver = (chunk: Buffer): void => {
      seenByDriver.push(chunk)
    }
    socket.on('data', driver)
    const session = new WireSession(socket)
    expect(socket.listeners('data')).not.toContain(driver)
    const c = collector()
    const done = session.request(Buffer.from('q'), c.onRow)
    let released = false
    const release = session.release().then(() => {
      released = true
    })
    await Promise.resolve()
    expect(released).toBe(false)
    const notice = msg('N', Buffer.from('SNOTICE\0Mhi\0\0'))
    socket.emit('data', Buffer.concat([dataRow('1'), complete(1), ready, notice.subarray(0, 3)]))
    await done
    await release
    expect(socket.listeners('data')).toEqual([driver])
    expect(Buffer.concat(seenByDriver)).toEqual(notice.subarray(0, 3))
    socket.emit('data', notice.subarray(3))
    expect(Buffer.concat(seenByDriver)).toEqual(notice)
    await expect(session.request(Buffer.from('q'), c.onRow)).rejects.toThrow('released')
  })

  it('a closed socket rejects every request with a connection-failure SQLSTATE', async () => {
    const { socket } = fakeSocket()
    const session = new WireSession(socket)
    const done = session.request(Buffer.from('q'), () => undefined)
    socket.emit('close')
    const err = await done.then(() => undefined, (e: unknown) => e)
    expect((err as PgWireError).code).toBe('08006')
    await session.release()
  })
})

describe('extendedQuery', () => {
  it('frames Parse, Bind with one result format per column, Execute and Sync', () => {
    const bytes = extendedQuery('FETCH 5 FROM _rivet', [1, 0, 1])
    const types: string[] = []
    let p = 0
    const bodies: Buffer[] = []
    while (p < bytes.length) {
      types.push(String.fromCharCode(bytes[p] ?? 0))
      const len = bytes.readInt32BE(p + 1)
      bodies.push(bytes.subarray(p + 5, p + 1 + len))
      p += 1 + len
    }
    expect(types).toEqual(['P', 'B', 'E', 'S'])
    expect(bodies[0]?.toString()).toBe('\0FETCH 5 FROM _rivet\0\0\0')
    const bind = bodies[1] as Buffer
    expect(bind.readInt16BE(6)).toBe(3)
    expect([bind.readInt16BE(8), bind.readInt16BE(10), bind.readInt16BE(12)]).toEqual([1, 0, 1])
    expect(bodies[2]?.readInt32BE(1)).toBe(0)
  })
})
