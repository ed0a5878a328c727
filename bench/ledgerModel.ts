import { createAnvilLedger, createMemoryLedger, createRpcClient, startAnvil } from '../contracts/index.ts'
import { createInferencePool } from '../engine/index.ts'
import { loadScenario, resolveRunSpec } from '../scenarios/index.ts'
import { CHAIN_EPOCH, runSimulation } from '../sim/index.ts'
import type { BenchResult, Clock } from './measure.ts'
import { recordLedger, replayLedger } from './recordLedger.ts'

/**
 * The in-process ledger model against the anvil adapter on the same work: a scenario runs once on
 * the memory ledger while its calls are recorded, then the recording is replayed on a fresh
 * anvil and on a fresh memory ledger, each timed from setup to the last block (anvil's start is
 * not counted). Replaying leaves inference out, so the ratio is the ledgers' alone. Both replays
 * must give the same receipts but for gas, or the figure means nothing.
 */
export async function benchLedgerModel(
  clock: Clock,
  file = 'scenarios/quickstart.yaml',
  replays = 3,
): Promise<BenchResult> {
  const { scenario } = loadScenario(file)
  const spec = resolveRunSpec(scenario, file)
  const inference = createInferencePool({ workers: 2, tolerance: spec.tolerance })
  const start = CHAIN_EPOCH - 86_400
  const recorder = recordLedger(createMemoryLedger({ timestamp: start }))
  try {
    await runSimulation({ inference, ledger: recorder.ledger }, spec)
  } finally {
    await recorder.ledger.close()
    await inference.close()
  }
  const recording = recorder.recording()
  const calls = recording.blocks.reduce((n, b) => n + b.calls.length, 0)

  const time = async (run: () => Promise<unknown>) => {
    const t = clock.now()
    const value = await run()
    return { seconds: (clock.now() - t) / 1000, value }
  }
  const gasless = (blocks: Awaited<ReturnType<typeof replayLedger>>) =>
    JSON.stringify(
      blocks.map((b) => b.receipts.map(({ gasUsed: _gas, ...r }) => r)),
      (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v),
    )

  const anvil = await startAnvil({ timestamp: start })
  const chain = createAnvilLedger(createRpcClient(anvil.rpcUrl), { onClose: anvil.stop })
  let onChain: { seconds: number; value: Awaited<ReturnType<typeof replayLedger>> }
  try {
    onChain = (await time(() => replayLedger(chain, recording))) as typeof onChain
  } finally {
    await chain.close()
  }
  // The memory ledger takes milliseconds: the best of a few replays, each on a fresh ledger.
  let best = Number.POSITIVE_INFINITY
  let inMemory: Awaited<ReturnType<typeof replayLedger>> = []
  for (let i = 0; i < replays; i++) {
    const memory = createMemoryLedger({ timestamp: start })
    const r = await time(() => replayLedger(memory, recording))
    await memory.close()
    best = Math.min(best, r.seconds)
    inMemory = r.value as typeof inMemory
  }
  const same = gasless(inMemory) === gasless(onChain.value)
  const ratio = onChain.seconds / best
  return {
    name: `ledger model vs anvil adapter (${file}, ${calls} calls in ${recording.blocks.length} blocks)`,
    ratio,
    goal: '>= 50 (times faster), identical receipts but for gas',
    met: ratio >= 50 && same,
    measured: { memory_seconds: best, calls_per_second: calls / best, identical_receipts: same ? 1 : 0 },
    baseline: { anvil_seconds: onChain.seconds, calls_per_second: calls / onChain.seconds },
  }
}
