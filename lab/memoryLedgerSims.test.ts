import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runOnLedger, withoutGasFields } from '../contracts/fixtures/runOnLedger.ts'
import { createAnvilLedger, createMemoryLedger, startAnvil } from '../contracts/index.ts'
import { createInferencePool } from '../engine/index.ts'
import { loadScenario, type Overrides, resolveRunSpec } from '../scenarios/index.ts'
import type { MetricName, RunSpec } from '../sim/index.ts'
import { CHAIN_EPOCH, type RunResult } from '../sim/index.ts'
import { calibrateHonestNulls } from './calibrateHonestNulls.ts'
import { resolveAutoTolerance } from './resolveAutoTolerance.ts'

/**
 * Whole simulations on anvil and on the memory ledger, with the same inference pool: every
 * library scenario, the safety ones included (the base point of a sweep), and the quickstart, each cut to 60 virtual
 * seconds, plus the modes and behaviours no library file runs by default. Everything must be
 * identical except gas, which the memory ledger models: its total must stay within 1% of what
 * anvil measured.
 */
const library = ['scenarios/library', 'scenarios/library/safety'].flatMap((dir) =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => `${dir}/${file}`),
)
// What a file needs besides the 60-second duration: a demand market's first jobs come after its
// arrivals (hours of its blocks, days for Bass's slow start), an outage must end within the run,
// and a market's requesters must send something in a minute.
const cut: Record<string, Overrides> = {
  'scenarios/library/demand-bass.yaml': { duration: 1_036_800 },
  'scenarios/library/demand-elasticity.yaml': { duration: 21_600 },
  'scenarios/library/demand-offers.yaml': { duration: 21_600 },
  'scenarios/library/demand-subsidy-cliff.yaml': { duration: 7200 },
  'scenarios/library/demand-verification-premium.yaml': { duration: 600 },
  // Its lowest demand sends no job in a minute: its highest.
  'scenarios/library/holding-cost.yaml': { 'requesters.jobRate': 0.2 },
  'scenarios/library/demand-incident.yaml': {
    'verifiers.outages': [{ start: 20, end: 40 }],
    'demand.segments.production.requestRate': 0.1,
  },
}
const cases: [string, Overrides][] = [
  ...[...library, 'scenarios/quickstart.yaml'].map((file): [string, Overrides] => [file, cut[file] ?? {}]),
  ['scenarios/library/overhead-vs-model-size.yaml', { 'protocol.mode': 'replication' }],
  ['scenarios/library/overhead-vs-model-size.yaml', { 'protocol.mode': 'tee' }],
  ['scenarios/library/bisection.yaml', { 'hosts.abandonRate': 1 }],
]

// Metrics computed from gas: equal only if modeled gas were anvil's to the unit.
const gasMetrics: MetricName[] = [
  'gas_per_job',
  'verification_overhead',
  'cost_per_verified_inference',
  'overhead_gas',
]

function withoutGas(result: RunResult) {
  const metrics = Object.fromEntries(
    Object.entries(result.metrics).filter(([name]) => !gasMetrics.includes(name as MetricName)),
  )
  const calls = Object.fromEntries(Object.entries(result.gasByCall).map(([kind, { calls }]) => [kind, calls]))
  return { ...result, metrics, gasByCall: calls }
}

const totalGas = (result: RunResult) => Object.values(result.gasByCall).reduce((sum, { gas }) => sum + gas, 0)

// Emissions are not in the scenario schema yet (issue 16): these runs set the schedule on the spec.
const emissionCases: [string, RunSpec['economics']['emissions']][] = [
  ['constant', { kind: 'constant', perDay: 8_640, every: 12 }],
  ['halving', { kind: 'halving', perDay: 86_400, halvingEvery: 20, every: 12 }],
  ['burnAndMint', { kind: 'burnAndMint', perDay: 864, burnShare: 0.3, every: 18 }],
]

describe('createMemoryLedger against anvil, whole simulations', () => {
  it.each(cases)('runs %s %j identically', async (file, overrides) => {
    const { scenario } = loadScenario(file, { duration: 60, ...overrides })
    await runBoth(resolveRunSpec(scenario, file))
  })

  it.each(emissionCases)('runs the quickstart with %s emissions identically', async (_name, emissions) => {
    const file = 'scenarios/quickstart.yaml'
    const { scenario } = loadScenario(file, { duration: 60, 'model.width': 32 })
    const spec = resolveRunSpec(scenario, file)
    const result = await runBoth({ ...spec, economics: { ...spec.economics, emissions } })
    expect(result.gasByCall.emit?.calls).toBeGreaterThan(0)
  })
})

/** `spec` on anvil and on the memory ledger: identical but for gas, modeled within 1 %. */
async function runBoth(given: RunSpec): Promise<RunResult> {
  // tolerance: auto is measured once for both ledgers.
  const spec = await resolveAutoTolerance(given)
  const { generationTolerance } = spec
  const inference = createInferencePool({
    workers: 1,
    tolerance: spec.tolerance,
    ...(generationTolerance ? { generationTolerance } : {}),
  })
  try {
    // A detection scenario's test needs its honest nulls (a catalog's: each decoder's), measured
    // once for both ledgers.
    const nulls = await calibrateHonestNulls(inference, spec)
    const anvil = await startAnvil({ timestamp: CHAIN_EPOCH - 86_400 })
    const chain = await runOnLedger(
      createAnvilLedger(anvil.rpcUrl, { onClose: anvil.stop }),
      inference,
      spec,
      nulls[0],
      nulls,
    )
    const memory = await runOnLedger(
      createMemoryLedger({ timestamp: CHAIN_EPOCH - 86_400 }),
      inference,
      spec,
      nulls[0],
      nulls,
    )

    expect(chain.result.counts.jobs).toBeGreaterThan(0)
    expect(withoutGas(memory.result)).toEqual(withoutGas(chain.result))
    expect(withoutGasFields(memory.trace)).toEqual(withoutGasFields(chain.trace))
    expect(memory.book).toEqual(chain.book)
    const modeled = totalGas(memory.result)
    const measured = totalGas(chain.result)
    expect(Math.abs(modeled - measured) / measured).toBeLessThan(0.01)
    return chain.result
  } finally {
    await inference.close()
  }
}
