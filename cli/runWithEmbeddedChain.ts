import { createAnvilLedger, startAnvil } from '../contracts/index.ts'
import { createInferencePool } from '../engine/index.ts'
import type { InferencePort } from '../sim/ports.ts'
import { CHAIN_EPOCH, type RunResult, runSimulation, type SimIO } from '../sim/runSimulation.ts'
import type { RunSpec } from '../sim/runSpec.ts'

export type EmbeddedRunOptions = {
  workers: number
  /** A pool to share between runs (it must use the spec's tolerance); otherwise one is started and stopped here. */
  inference?: InferencePort
  /** An anvil executable other than the one installed from npm. */
  anvilBinary?: string
  trace?: SimIO['trace']
  progress?: SimIO['progress']
  /** Registers a teardown step so an interrupt can stop what this run started. */
  onResource?: (stop: () => Promise<void> | void) => void
}

/**
 * One run with the default real adapters: an onnxruntime worker pool and a fresh anvil chain,
 * both stopped when the run ends or fails.
 */
export async function runWithEmbeddedChain(spec: RunSpec, options: EmbeddedRunOptions): Promise<RunResult> {
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
      const pool = createInferencePool({ workers: options.workers, tolerance: spec.tolerance })
      own(() => pool.close())
      inference = pool
    }
    // The chain starts a day before the epoch the simulation mines its blocks from, so set-up
    // blocks never run ahead of the virtual clock.
    const chain = await startAnvil({
      timestamp: CHAIN_EPOCH - 86_400,
      ...(options.anvilBinary ? { binaryPath: options.anvilBinary } : {}),
    })
    own(() => chain.stop())
    const ledger = createAnvilLedger(chain.rpcUrl)
    return await runSimulation({ inference, ledger, trace: options.trace, progress: options.progress }, spec)
  } finally {
    for (const stop of stops.reverse()) await stop()
  }
}
