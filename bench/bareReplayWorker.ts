/**
 * The whole-run benchmark's baseline, one per thread: bare onnxruntime sessions, one per
 * (variant, hardware) the run used, replaying this thread's share of the run's own session runs
 * in a tight loop, with no digests and no messages between runs. Only this file touches
 * parentPort in the benchmark. No top-level await: the thread loads it through tsx's require
 * hook, as piscina loads engine/pool/worker.ts.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { type BuiltVariant, buildModel, openVariant } from '../engine/index.ts'
import type { HardwareProfile, MlpModelSpec, TransformerModelSpec, VariantName } from '../sim/index.ts'
import type { SessionRun } from './recordInference.ts'

type Data = { spec: MlpModelSpec | TransformerModelSpec; runs: SessionRun[] }

async function main(): Promise<void> {
  const { spec, runs } = workerData as Data
  const port = parentPort
  if (!port) throw new Error('bareReplayWorker runs as a worker thread')
  const sessions = new Map<string, Awaited<ReturnType<typeof openVariant>>>()
  const keyOf = (variant: VariantName, hardware: HardwareProfile) => `${variant} ${JSON.stringify(hardware)}`
  for (const run of runs) {
    const key = keyOf(run.variant, run.hardware)
    if (!sessions.has(key))
      sessions.set(key, await openVariant(buildModel(spec, run.variant as BuiltVariant), run.hardware))
  }
  // One untimed run per session, as the pool's sessions are warm after the run's first jobs.
  for (const session of sessions.values()) await session.run(0)
  port.on('message', async () => {
    for (const run of runs) await sessions.get(keyOf(run.variant, run.hardware))?.run(run.inputSeed)
    port.postMessage('done')
  })
  port.postMessage('ready')
}

void main()
