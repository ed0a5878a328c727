import { fileURLToPath } from 'node:url'
import { createInferencePool } from '../engine/index.ts'
import { planScenario, runOnAdapters } from '../lab/index.ts'
import type { MlpModelSpec, RunSpec, TransformerModelSpec } from '../sim/index.ts'
import { alternate, type BenchResult, type Clock } from './measure.ts'
import { recordInference, type SessionRun } from './recordInference.ts'
import { startThreads } from './startThreads.ts'

/** Paired trials: a run takes seconds, and other work on this machine moved one lone ratio from 0.3 to 1.2. */
const PAIRS = 5

/**
 * Issue 19's whole-run efficiency: the bare time of a run's own inferences ÷ the run's wall time.
 * The run is bench/whole-run.yaml (a mid-size transformer under sampling) on the memory ledger (or a fresh anvil: whole-run-anvil)
 * with `workers` inference threads; its first, untimed run records every session run the pool
 * made. The baseline replays those session runs through bare onnxruntime sessions in as many
 * threads, in a tight loop. The run's wall time includes its set-up (building the model,
 * sessions, the ledger) and every digest, message and event between inferences: what a user pays
 * beyond the inference. The median of PAIRS alternating pairs.
 */
export async function benchWholeRun(
  clock: Clock,
  workers = 2,
  ledger: 'memory' | 'anvil' = 'memory',
): Promise<BenchResult> {
  const file = fileURLToPath(new URL('./whole-run.yaml', import.meta.url))
  const spec = (await planScenario(file)).runs[0]?.spec as RunSpec
  let recorded: SessionRun[] | undefined
  let jobs = 0
  const run = async () => {
    const pool = createInferencePool({ workers, tolerance: spec.tolerance })
    const recorder = recordInference(pool)
    try {
      const result = await runOnAdapters(spec, {
        workers,
        // anvil: a fresh local chain per run, as `verisim run` starts one.
        ledger: { kind: ledger },
        inference: recorder.port,
      })
      jobs = result.counts.jobs
    } finally {
      await pool.close()
    }
    recorded ??= recorder.runs
  }
  await run()
  const runs = recorded ?? []
  const bare = await startReplay(spec.model as MlpModelSpec | TransformerModelSpec, runs, workers)
  try {
    // A run's rate against the bare replay's, over the same session runs: bare seconds ÷ run seconds.
    const { measured, baseline, ratio } = await alternate(clock, runs.length, PAIRS, run, () => bare.run())
    // The goal is for the memory ledger; on anvil the chain's share of the run is what is reported.
    const memory = ledger === 'memory'
    return {
      name: `whole-run efficiency (transformer, ${runs.length} session runs, ${workers} workers, ${memory ? 'memory ledger' : 'anvil'})`,
      ratio,
      goal: memory
        ? '>= 0.8 (bare time of the run’s own inferences ÷ the run’s wall time)'
        : 'reported (bare time of the run’s own inferences ÷ the run’s wall time on anvil)',
      met: !memory || ratio >= 0.8,
      measured: { run_seconds: measured.seconds, jobs },
      baseline: { bare_seconds: baseline.seconds, session_runs: runs.length },
    }
  } finally {
    await bare.stop()
  }
}

/** `threads` bare threads, each with its round-robin share of `runs`; `run` replays them all at once. */
function startReplay(spec: MlpModelSpec | TransformerModelSpec, runs: SessionRun[], threads: number) {
  return startThreads(
    './bareReplayEntry.cjs',
    Array.from({ length: threads }, (_, t) => ({ spec, runs: runs.filter((_, i) => i % threads === t) })),
  )
}
