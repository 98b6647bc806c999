import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net'

export interface RechunkProxy {
  /** Port on 127.0.0.1 that forwards to the target. */
  readonly port: number
  close(): Promise<void>
}

/**
 * A loopback TCP proxy that re-cuts the server's byte stream at pseudo-random points (1 to
 * `maxPiece` bytes, one write per event-loop turn), so a client sees packets split across
 * network chunks at every possible offset. Client → server bytes pass unchanged.
 */
export async function startRechunkProxy(targetHost: string, targetPort: number, maxPiece = 700, seed = 1): Promise<RechunkProxy> {
  let r = seed
  const next = (): number => {
    r = (r * 1103515245 + 12345) & 0x7fffffff
    return 1 + (r % maxPiece)
  }
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, targetHost)
    client.setNoDelay(true)
    sockets.add(client).add(upstream)
    const pending: Buffer[] = []
    let pumping = false
    const pump = (): void => {
      const head = pending[0]
      if (head === undefined || client.destroyed) {
        pumping = false
        return
      }
      const n = Math.min(head.length, next())
      client.write(head.subarray(0, n))
      if (n === head.length) pending.shift()
      else pending[0] = head.subarray(n)
      setImmediate(pump)
    }
    upstream.on('data', (chunk: Buffer) => {
      pending.push(chunk)
      if (!pumping) {
        pumping = true
        setImmediate(pump)
      }
    })
    client.pipe(upstream)
    const end = (): void => {
      client.destroy()
      upstream.destroy()
    }
    client.on('error', end).on('close', end)
    upstream.on('error', end).on('close', end)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => { resolve(); }))
    },
  }
}
