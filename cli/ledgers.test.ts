import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findFreePort, resolveAnvilBinary } from '../contracts/index.ts'

// The other ledgers a run can settle on: the in-process model of the contracts, and a node the
// user started. Real CLI, real onnxruntime, real anvil.
const bin = join(import.meta.dirname, 'bin.js')
const verisim = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args, '--quiet'], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
    timeout: 120_000,
  })
const tmp = mkdtempSync(join(tmpdir(), 'verisim-ledgers-'))
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8')
const scenario = join(tmp, 'small.yaml')
writeFileSync(
  scenario,
  `name: small
seed: 5
duration: 240
model: { builtin: mlp, width: 16, depth: 4, inputSize: 8, outputSize: 4, seed: 2 }
hosts: { count: 6, stake: 100, behaviours: { honest: 0.5, lazy: 0.5 }, variant: skip, cheatRate: 0.5 }
verifiers: { count: 2 }
requesters: { count: 2, jobRate: 0.5, fee: 0.01 }
protocol: { mode: sampling, p: 0.3, challengeWindow: 60 }
`,
)
const embedded = join(tmp, 'embedded')

beforeAll(() => {
  expect(verisim(['run', scenario, '--out', embedded]).status).toBe(0)
}, 120_000)

describe('--ledger memory', () => {
  it('settles like anvil: the same counts, balances-driven metrics and trace, with gas marked as modeled', () => {
    const out = join(tmp, 'memory')
    const run = verisim(['run', scenario, '--out', out, '--ledger', 'memory'])
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const chain = JSON.parse(read(embedded, 'summary.json'))
    const memory = JSON.parse(read(out, 'summary.json'))
    expect(memory.counts).toEqual(chain.counts)
    expect(read(out, 'runs.csv').split('\n')[1]).toMatch(/,gas: the in-process ledger models/)
    const gasMetrics = ['gas_per_job', 'verification_overhead', 'cost_per_verified_inference']
    for (const [name, value] of Object.entries(chain.metrics)) {
      // Modeled gas stays within 1% of anvil's receipts (contracts/memory/modeledGas.ts).
      if (gasMetrics.includes(name)) {
        expect(Math.abs(memory.metrics[name] / (value as number) - 1), name).toBeLessThan(0.01)
      } else expect(memory.metrics[name], name).toBe(value)
    }
    expect(memory.modeled.join(' ')).toMatch(/gas/)
    expect(JSON.parse(read(out, 'manifest.json')).modeled.join(' ')).toMatch(/gas/)
    // Provenance says what settled the runs: the in-process model here, not anvil.
    expect(JSON.parse(read(out, 'manifest.json')).ledger).toBe('memory')
    expect(JSON.parse(read(embedded, 'manifest.json')).ledger).toBe('anvil (embedded)')
    const withoutGas = (trace: string) =>
      trace
        .trimEnd()
        .split('\n')
        .map((line) => {
          const { gas: _gas, ...event } = JSON.parse(line)
          return event
        })
    const [note, ...events] = withoutGas(read(out, 'trace.ndjson'))
    expect(note).toMatchObject({ t: 0, type: 'modeled', note: expect.stringMatching(/gas/) })
    expect(events).toEqual(withoutGas(read(embedded, 'trace.ndjson')))
  }, 120_000)
})

describe('--rpc-url', () => {
  let node: ChildProcess
  let url: string

  beforeAll(async () => {
    // A node as a user would start it: automining, its own clock, a base fee, a gas limit.
    const port = await findFreePort()
    url = `http://127.0.0.1:${port}`
    node = spawn(resolveAnvilBinary(), ['--port', String(port), '--order', 'fifo', '--silent'], {
      stdio: 'ignore',
    })
    for (let i = 0; i < 100; i++) {
      const up = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}',
      }).then(
        () => true,
        () => false,
      )
      if (up) return
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`anvil did not answer on ${url}`)
  }, 30_000)

  afterAll(() => {
    node?.kill()
  })

  it('settles on an existing node, run after run, with the bytes of an embedded anvil', () => {
    for (const name of ['rpc-1', 'rpc-2']) {
      const out = join(tmp, name)
      const run = verisim(['run', scenario, '--out', out, '--rpc-url', url])
      expect(run.stderr).toBe('')
      expect(run.status).toBe(0)
      expect(read(out, 'summary.json')).toBe(read(embedded, 'summary.json'))
      expect(read(out, 'trace.ndjson')).toBe(read(embedded, 'trace.ndjson'))
      expect(JSON.parse(read(out, 'manifest.json')).ledger).toBe('rpc')
    }
    // The node is the user's: it still runs.
    expect(node.exitCode).toBe(null)
  }, 120_000)
})

describe('bad ledger flags', () => {
  const expectRejected = (args: string[], pattern: RegExp) => {
    const out = join(tmp, `out-${Math.random().toString(36).slice(2)}`)
    const run = verisim(['run', scenario, '--out', out, ...args])
    expect(run.status).toBe(2)
    const lines = run.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(pattern)
    expect(existsSync(out)).toBe(false)
  }

  it('a dead node, an unknown ledger and a node for the memory ledger are one-line errors', async () => {
    const port = await findFreePort()
    expectRejected(
      ['--rpc-url', `http://127.0.0.1:${port}`],
      /^verisim: the chain at .* is not reachable: ECONNREFUSED/,
    )
    expectRejected(['--ledger', 'paper'], /^verisim: --ledger must be anvil or memory, got 'paper'/)
    expectRejected(
      ['--ledger', 'memory', '--rpc-url', 'http://127.0.0.1:1'],
      /^verisim: --rpc-url needs --ledger anvil/,
    )
    expectRejected(['--rpc-url', 'not a url'], /^verisim: --rpc-url 'not a url' is not a URL/)
  }, 60_000)
})
