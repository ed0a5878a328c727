import type { LedgerChoice } from '../contracts/index.ts'
import { createInferencePool } from '../engine/index.ts'
import type { InferencePort, RunResult, RunSpec, SimIO, TraceEvent } from '../sim/index.ts'
import { runOnAdapters } from './runOnAdapters.ts'

export type Runner = {
  /** Inference worker threads per pool, as recorded in timing.json. */
  readonly workers: number
  /** Where every run settles, as recorded in the manifest. */
  readonly ledger: LedgerChoice
  /** `periods` receives a demand-market run's closed periods in order (periods.ndjson). */
  run(
    spec: RunSpec,
    trace?: (event: TraceEvent) => void,
    progress?: SimIO['progress'],
    periods?: SimIO['periods'],
  ): Promise<RunResult>
  /** Run `items` with at most `parallel` at once, in order; the first failure stops new starts and is rethrown. */
  each<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void>
  /** Stop every chain and pool this runner started (safe to call twice, and from a signal handler). */
  close(): Promise<void>
}

export type RunnerOptions = {
  workers: number
  parallel: number
  /** Default: a fresh embedded anvil per run. */
  ledger?: LedgerChoice
}

/**
 * Runs on the real adapters with one inference pool per tolerance (and generation tolerance)
 * shared by every run at once (results do not depend on threads) and a fresh ledger per run. Runs
 * on one node (`rpcUrl`) go one at a time: at once they would share its accounts and its blocks.
 */
export function createRunner(options: RunnerOptions): Runner {
  const ledger: LedgerChoice = options.ledger ?? { kind: 'anvil' }
  const parallel = ledger.kind === 'anvil' && ledger.rpcUrl ? 1 : options.parallel
  const pools = new Map<string, InferencePort>()
  const stops = new Set<() => Promise<void> | void>()
  const poolFor = (spec: RunSpec) => {
    const { tolerance, generationTolerance } = spec
    const key = JSON.stringify([tolerance, generationTolerance ?? null])
    let pool = pools.get(key)
    if (!pool) {
      pool = createInferencePool({
        workers: options.workers,
        tolerance,
        ...(generationTolerance ? { generationTolerance } : {}),
      })
      pools.set(key, pool)
    }
    return pool
  }
  return {
    workers: options.workers,
    ledger,
    run(spec, trace, progress, periods) {
      return runOnAdapters(spec, {
        workers: options.workers,
        ledger,
        inference: poolFor(spec),
        ...(trace ? { trace } : {}),
        ...(progress ? { progress } : {}),
        ...(periods ? { periods } : {}),
        onResource: (stop) => stops.add(stop),
      })
    },
    async each(items, work) {
      let next = 0
      let failure: unknown
      const lane = async () => {
        while (failure === undefined && next < items.length) {
          const item = items[next++] as (typeof items)[number]
          try {
            await work(item)
          } catch (error) {
            failure ??= error
          }
        }
      }
      await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, items.length)) }, lane))
      if (failure !== undefined) throw failure
    },
    async close() {
      for (const stop of [...stops].reverse()) await stop()
      stops.clear()
      for (const pool of pools.values()) await pool.close()
      pools.clear()
    },
  }
}
