import { createServer, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { createRpcClient } from './createRpcClient.ts'
import { findFreePort } from './findFreePort.ts'

let server: Server | undefined

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = undefined
})

/** A fake node that records each HTTP body and answers batches in reverse order, as the spec allows. */
async function fakeNode(bodies: unknown[][]): Promise<string> {
  server = createServer((request, response) => {
    let text = ''
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString()
    })
    request.on('end', () => {
      const batch = JSON.parse(text) as { id: number; method: string }[]
      bodies.push(batch)
      const answers = batch.map((r) =>
        r.method === 'fail'
          ? { jsonrpc: '2.0', id: r.id, error: { code: -1, message: 'nope' } }
          : { jsonrpc: '2.0', id: r.id, result: r.method },
      )
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify(answers.reverse()))
    })
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
}

describe('createRpcClient', () => {
  it('sends requests in chunks, in order, and matches answers by id', async () => {
    const bodies: unknown[][] = []
    const rpc = createRpcClient(await fakeNode(bodies))
    const methods = Array.from({ length: 7 }, (_, i) => (i === 3 ? 'fail' : `m${i}`))
    const outcomes = await rpc.batch(
      methods.map((method) => ({ method })),
      { chunkSize: 3 },
    )
    expect(bodies.map((b) => b.length)).toEqual([3, 3, 1])
    expect(outcomes).toEqual(
      methods.map((m) =>
        m === 'fail' ? { ok: false, error: { code: -1, message: 'nope' } } : { ok: true, result: m },
      ),
    )
    expect(await rpc.request('hello')).toBe('hello')
    await expect(rpc.request('fail')).rejects.toThrow('fail failed: nope')
  })

  it('names the URL of a node it cannot reach', async () => {
    const url = `http://127.0.0.1:${await findFreePort()}`
    const request = createRpcClient(url).request('eth_chainId')
    await expect(request).rejects.toBeInstanceOf(InputError)
    await expect(request).rejects.toMatchObject({ name: 'ChainError', rpcUrl: url })
    await expect(request).rejects.toThrow(`the chain at ${url} is not reachable: ECONNREFUSED`)
  })

  it('rejects a malformed URL', () => {
    expect(() => createRpcClient('localhost 8545')).toThrow(InputError)
  })
})
