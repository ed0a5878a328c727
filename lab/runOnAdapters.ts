import { type LedgerChoice, openLedger } from '../contracts/index.ts'
import { createInferencePool } from '../engine/index.ts'
import { InputError } from '../errors/index.ts'
import type { InferencePort, RunSpec } from '../sim/index.ts'
import { CHAIN_EPOCH, type RunResult, runSimulation, type SimIO } from '../sim/index.ts'
import { calibrateHonestNulls } from './calibrateHonestNulls.ts'

export type AdapterRunOptions = {
  workers: number
  /** Where the run settles; default a fresh embedded anvil. */
  ledger?: LedgerChoice
  /** A pool to share between runs (it must use the spec's tolerance and generation tolerance); otherwise one is started and stopped here. */
  inference?: InferencePort
  trace?: SimIO['trace']
  progress?: SimIO['progress']
  periods?: SimIO['periods']
  /** Registers a teardown step so an interrupt can stop what this run started. */
  onResource?: (stop: () => Promise<void> | void) => void
}

/** What every output of a run on the memory ledger must say about its gas figures. */
export const MODELED_GAS = 'gas: the in-process ledger models each call’s gas from anvil measurements'

/**
 * One run on the real adapters: an onnxruntime worker pool and the chosen ledger (a fresh anvil
 * by default), both stopped when the run ends or fails.
 */
export async function runOnAdapters(spec: RunSpec, options: AdapterRunOptions): Promise<RunResult> {
  if (spec.toleranceAuto && !spec.toleranceAuto.measured)
    throw new InputError('tolerance: auto has not been measured for this run', {
      hint: 'resolve the spec with resolveAutoTolerance (runScenario and planScenario do) before running it',
    })
  const stops: (() => Promise<void> | void)[] = []
  const own = (stop: () => Promise<void> | void) => {
    // The same stop may run from here and from an interrupt handler; it must act once.
    let stopping: Promise<void> | undefined
    const once = () => {
      stopping ??= Promise.resolve().then(stop)
      return stopping
    }
    stops.push(once)
    options.onResource?.(once)
  }
  try {
    let inference = options.inference
    if (!inference) {
      const { tolerance, generationTolerance } = spec
      const pool = createInferencePool({
        workers: options.workers,
        tolerance,
        ...(generationTolerance ? { generationTolerance } : {}),
      })
      own(() => pool.close())
      inference = pool
    }
    // The chain starts a day before the epoch the simulation mines its blocks from, so set-up
    // blocks never run ahead of the virtual clock.
    const choice = options.ledger ?? { kind: 'anvil' }
    const ledger = await openLedger(choice, CHAIN_EPOCH - 86_400)
    own(() => ledger.close())
    if (choice.kind === 'memory') options.trace?.({ t: 0, type: 'modeled', note: MODELED_GAS })
    // Measured on the real model and this run's honest hardware, so the test's false-positive
    // bound holds for the hosts it will judge.
    // (each decoder of a catalog on its own)
    const honestNulls = await calibrateHonestNulls(inference, spec)
    const honestNull = honestNulls[0]
    const result = await runSimulation(
      {
        inference,
        ledger,
        trace: options.trace,
        progress: options.progress,
        honestNull,
        ...(honestNulls.length > 1 ? { honestNulls } : {}),
        ...(options.periods ? { periods: options.periods } : {}),
      },
      spec,
    )
    return choice.kind === 'memory' ? { ...result, modeled: [...result.modeled, MODELED_GAS] } : result
  } finally {
    for (const stop of stops.reverse()) await stop()
  }
}
