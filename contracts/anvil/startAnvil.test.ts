import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { createRpcClient } from './createRpcClient.ts'
import { startAnvil } from './startAnvil.ts'

const fixture = fileURLToPath(new URL('../fixtures/anvilUntilKilled.ts', import.meta.url))

async function answers(rpcUrl: string): Promise<boolean> {
  try {
    await createRpcClient(rpcUrl, { timeoutMs: 2000 }).request('eth_chainId')
    return true
  } catch {
    return false
  }
}

/** Run the fixture in its own Node process and return the URL of the anvil it started. */
async function runFixture(mode: 'signal' | 'exit') {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = once(child, 'exit')
  child.stdout.setEncoding('utf8')
  const [line] = (await once(child.stdout, 'data')) as [string]
  return { child, exited, rpcUrl: line.trim() }
}

describe('startAnvil', () => {
  it('starts a node at the given genesis timestamp and stops it', async () => {
    const anvil = await startAnvil({ timestamp: 1_234_567 })
    try {
      expect(anvil.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      const rpc = createRpcClient(anvil.rpcUrl)
      const block = (await rpc.request('eth_getBlockByNumber', ['latest', false])) as { timestamp: string }
      expect(Number(block.timestamp)).toBe(1_234_567)
      // No automining: a transaction waits for the sim to mine.
      expect(await rpc.request('anvil_getAutomine')).toBe(false)
    } finally {
      await anvil.stop()
    }
    expect(await answers(anvil.rpcUrl)).toBe(false)
    await anvil.stop()
  })

  it('says why the chain could not start', async () => {
    const missing = startAnvil({ binaryPath: '/nonexistent/anvil' })
    await expect(missing).rejects.toBeInstanceOf(InputError)
    await expect(missing).rejects.toMatchObject({ name: 'ChainError', binary: '/nonexistent/anvil' })
    await expect(missing).rejects.toThrow(/^the chain could not start: cannot run \/nonexistent\/anvil/)
    await expect(startAnvil({ binaryPath: '/bin/false' })).rejects.toThrow(
      /the chain could not start: anvil exited/,
    )
  })

  it('does not outlive a process interrupted with SIGINT', async () => {
    const { child, exited, rpcUrl } = await runFixture('signal')
    expect(await answers(rpcUrl)).toBe(true)
    child.kill('SIGINT')
    const [code, signal] = await exited
    // Ctrl-C still ends the process the usual way once anvil is gone.
    expect([code, signal]).toEqual([null, 'SIGINT'])
    expect(await answers(rpcUrl)).toBe(false)
  })

  it('does not outlive a process that exits without stopping it', async () => {
    const { exited, rpcUrl } = await runFixture('exit')
    await exited
    expect(await answers(rpcUrl)).toBe(false)
  })

  it('does not outlive a process killed with SIGKILL, which runs no handler', async () => {
    const { child, exited, rpcUrl } = await runFixture('signal')
    expect(await answers(rpcUrl)).toBe(true)
    child.kill('SIGKILL')
    await exited
    // The guard notices its stdin close and stops anvil; give it a moment.
    let alive = true
    for (let i = 0; i < 50 && alive; i++) {
      alive = await answers(rpcUrl)
      if (alive) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(alive).toBe(false)
  })
})
