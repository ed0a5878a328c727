import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LedgerCall, ProtocolParams } from '../../sim/index.ts'
import { createAnvilLedger } from '../anvil/createAnvilLedger.ts'
import { startAnvil } from '../anvil/startAnvil.ts'
import {
  emissionAccounts,
  emissionFunding,
  emissionParams,
  runEmissionScript,
} from '../fixtures/emissionScript.ts'
import { E, testParams } from '../fixtures/ledgerFixture.ts'
import { openLedgerPair } from '../fixtures/ledgerPair.ts'
import {
  attestationParams,
  runAttestationScript,
  runLedgerScript,
  scriptAccounts,
  scriptFunding,
} from '../fixtures/ledgerScript.ts'
import {
  createRandomDriver,
  type RandomBlock,
  randomAccounts,
  randomBlocks,
  randomParams,
  randomSetup,
  randomSlashRules,
} from '../fixtures/randomLedgerBlocks.ts'
import { createMemoryLedger } from './createMemoryLedger.ts'

describe('createMemoryLedger against anvil, block by block', () => {
  it('gives the same receipts, balances and burned total for every call kind and revert path', async () => {
    const pair = await openLedgerPair(testParams, scriptAccounts, scriptFunding)
    try {
      await runLedgerScript(pair.step)
      const kinds = new Set(pair.gas.map((g) => g.call.kind))
      const all: LedgerCall['kind'][] = [
        'registerModel',
        'addVerifier',
        'stake',
        'deposit',
        'requestUnstake',
        'withdraw',
        'commit',
        'challenge',
        'resolve',
        'finalize',
        'settleReplication',
        'openGame',
        'reveal',
        'respond',
        'resolveGame',
        'timeoutGame',
        'attest',
        'order',
        'claim',
        'requestEscrowWithdrawal',
        'withdrawEscrow',
        'expireDispute',
        'removeVerifier',
        // Emissions and burn-and-mint have their own script below.
      ]
      expect([...kinds].sort()).toEqual([...all].sort())
      if (process.env.VERISIM_DUMP_GAS) {
        const { writeFileSync } = await import('node:fs')
        writeFileSync(
          process.env.VERISIM_DUMP_GAS,
          JSON.stringify(pair.gas, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
        )
      }
    } finally {
      await pair.close()
    }
  })

  it('agrees when finality requires attestation', async () => {
    const pair = await openLedgerPair(attestationParams, scriptAccounts, scriptFunding)
    try {
      await runAttestationScript(pair.step)
    } finally {
      await pair.close()
    }
  })

  it('agrees on emissions and burn-and-mint, and models emit within 2 % of its gas for 1 to 100 hosts', async () => {
    const pair = await openLedgerPair(emissionParams, emissionAccounts, emissionFunding)
    try {
      await runEmissionScript(pair.step)
      const rows = pair.gas.filter((g) => g.call.kind === 'emit' || g.call.kind === 'finalize')
      if (process.env.VERISIM_DUMP_GAS) {
        for (const g of rows) {
          const n = g.call.kind === 'emit' ? g.call.hosts.length : 0
          console.log(g.call.kind, n, g.error ?? 'ok', g.measured, g.modeled)
        }
      }
      for (const g of rows.filter((r) => r.error === undefined)) {
        const error = Math.abs(Number(g.modeled - g.measured)) / Number(g.measured)
        expect(
          error,
          `${g.call.kind} ${JSON.stringify(g.call, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}: measured ${g.measured}, modeled ${g.modeled}`,
        ).toBeLessThan(0.02)
      }
    } finally {
      await pair.close()
    }
  }, 120_000)

  it('agrees on random blocks of calls, racing each other, under every slash rule', async () => {
    // Slash amounts seen, by rule: each rule must have been exercised, not only configured.
    const slashed = new Map<string, bigint[]>()
    const run = async (slash: ProtocolParams['slash'], blocks: RandomBlock[]) => {
      const pair = await openLedgerPair({ ...randomParams, slash }, randomAccounts, scriptFunding)
      try {
        const driver = createRandomDriver()
        await pair.step(1, ...randomSetup)
        for (const { advance, actions } of blocks) {
          const block = await pair.step(advance, ...actions.map(driver.callOf))
          driver.observe(block)
          for (const receipt of block.receipts)
            for (const event of receipt.events)
              if (event.kind === 'Slashed') {
                const key = `${slash.rule} ${slash.amount}`
                slashed.set(key, [...(slashed.get(key) ?? []), event.amount])
              }
        }
      } finally {
        await pair.close()
      }
    }
    // No shrinking: each run starts a chain; a failure prints its seed for a rerun.
    await fc.assert(fc.asyncProperty(fc.constant(randomParams.slash), randomBlocks, run), {
      numRuns: 2,
      endOnFailure: true,
    })
    // Seeded, so that every rule is sure to slash (the assertion below) run after run.
    for (const slash of randomSlashRules) {
      await fc.assert(fc.asyncProperty(fc.constant(slash), randomBlocks, run), {
        numRuns: 3,
        seed: 17,
        endOnFailure: true,
      })
    }
    expect([...slashed.keys()].sort()).toEqual(
      [
        ...(slashed.has('fraction 0') ? ['fraction 0'] : []),
        ...randomSlashRules.map((r) => `${r.rule} ${r.amount}`),
      ].sort(),
    )
    // Fixed amounts as set; the one above any stake the runs reach is capped at the bond.
    expect(new Set(slashed.get(`fixed ${(5n * E) / 2n}`))).toEqual(new Set([(5n * E) / 2n]))
    expect(slashed.get(`fixed ${10_000n * E}`)?.every((a) => a > 0n && a < 10_000n * E)).toBe(true)
    // Eleven chains of 20-35 blocks each: 12 s alone here, more on a shared machine.
  }, 300_000)

  it('refuses the same malformed calls when they are submitted', async () => {
    const anvil = await startAnvil({ timestamp: 1_000_000 })
    const chain = createAnvilLedger(anvil.rpcUrl, { onClose: anvil.stop })
    const memory = createMemoryLedger({ timestamp: 1_000_000 })
    try {
      for (const ledger of [chain, memory]) {
        expect(() => ledger.submit({ kind: 'deposit', requester: 0, amount: E })).toThrow(/not set up/)
        await ledger.setup(testParams, scriptAccounts, scriptFunding)
      }
      const bad: LedgerCall[] = [
        { kind: 'requestUnstake', host: 0, amount: -1n },
        { kind: 'registerModel', modelHash: '0x1234', flops: 1, layers: 1 },
        { kind: 'registerModel', modelHash: `0x${'1'.repeat(64)}`, flops: 1, layers: 70_000 },
        { kind: 'finalize', batchId: -1 },
        { kind: 'reveal', gameId: 0, layer: 1.5 },
        { kind: 'attest', host: 0, batchId: 0, gas: -5 },
      ]
      for (const call of bad) {
        expect(() => chain.submit(call)).toThrow(/^cannot encode ledger call /)
        expect(() => memory.submit(call)).toThrow(/^cannot encode ledger call /)
      }
      for (const ledger of [chain, memory]) {
        await expect(ledger.mine(999_999)).rejects.toThrow(/cannot mine a block at 999999/)
      }
    } finally {
      await memory.close()
      await chain.close()
    }
  })
})
