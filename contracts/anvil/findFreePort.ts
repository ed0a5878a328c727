import { createServer } from 'node:net'

/**
 * Ask the kernel for a free loopback port by binding port 0. The port is released before the
 * caller binds it, so another process could take it in between: callers retry on that.
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port was assigned'))))
    })
  })
}
