import { describe, expect, it } from 'vitest'
import { runOnLedger, withoutGasFields } from '../contracts/fixtures/runOnLedger.ts'
import { createAnvilLedger, createMemoryLedger, startAnvil } from '../contracts/index.ts'
import { createInferencePool } from '../engine/index.ts'
import { specOf } from '../sim/fixtures/simulate.ts'
import { CHAIN_EPOCH, type MetricName, type RunResult, type RunSpec, type TraceEvent } from '../sim/index.ts'

// Metrics computed from gas: equal only if modeled gas were anvil's to the unit.
const gasMetrics: MetricName[] = ['gas_per_job', 'verification_overhead', 'cost_per_verified_inference']

function withoutGas(result: RunResult) {
  const metrics = Object.entries(result.metrics).filter(([name]) => !gasMetrics.includes(name as MetricName))
  const calls = Object.entries(result.gasByCall).map(([kind, { calls }]) => [kind, calls])
  return { ...result, metrics, gasByCall: calls }
}

const base = specOf({ duration: 300 })
const entry = { max: 8, window: 120, every: 30, stakeCostPerDay: 0, enterAbove: 1e12, exitBelow: -1e12 }

/**
 * The supply side's calls on the real contract: reserve hosts staking mid-run, exiting hosts
 * unstaking their whole bond, failures and a verification outage. Both ledgers must agree on
 * everything but gas, as in memoryLedgerSims.test.ts.
 */
const cases: [string, RunSpec, TraceEvent['type'][]][] = [
  [
    'entry, uptime and an outage',
    {
      ...base,
      hosts: { ...base.hosts, uptime: { meanUp: 60, meanDown: 20 }, entry: { ...entry, enterAbove: 100 } },
      requesters: { ...base.requesters, fee: 1 },
      verifiers: { ...base.verifiers, outages: [{ start: 90, end: 150 }] },
    },
    ['host_enter', 'host_down', 'host_up', 'verification_outage'],
  ],
  [
    'exit',
    {
      ...base,
      hosts: { ...base.hosts, entry: { ...entry, exitBelow: 0 } },
      economics: { ...base.economics, costPerFlop: 1e-3 },
    },
    ['host_exit'],
  ],
]

describe('the supply side on anvil and on the memory ledger', () => {
  it.each(cases)('runs %s identically', async (_name, spec, expected) => {
    const inference = createInferencePool({ workers: 1, tolerance: spec.tolerance })
    try {
      const anvil = await startAnvil({ timestamp: CHAIN_EPOCH - 86_400 })
      const chain = await runOnLedger(
        createAnvilLedger(anvil.rpcUrl, { onClose: anvil.stop }),
        inference,
        spec,
      )
      const memory = await runOnLedger(
        createMemoryLedger({ timestamp: CHAIN_EPOCH - 86_400 }),
        inference,
        spec,
      )
      const kinds = new Set(chain.trace.map((e) => e.type))
      for (const kind of expected) expect(kinds.has(kind), kind).toBe(true)
      expect(withoutGasFields(memory.trace)).toEqual(withoutGasFields(chain.trace))
      expect(withoutGas(memory.result)).toEqual(withoutGas(chain.result))
      expect(memory.book).toEqual(chain.book)
    } finally {
      await inference.close()
    }
  })
})
