/**
 * The inference-pool benchmark's baseline, one per thread: a bare onnxruntime session on the
 * model, running its share of the jobs in a tight loop with no digests and no messages between
 * jobs. Only this file touches parentPort in the benchmark. No top-level await: the thread loads
 * it through tsx's require hook, as piscina loads engine/pool/worker.ts.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { buildModel, openVariant } from '../engine/index.ts'
import { type MlpModelSpec, REFERENCE_HARDWARE, type TransformerModelSpec } from '../sim/index.ts'

async function main(): Promise<void> {
  const { spec, jobs } = workerData as { spec: MlpModelSpec | TransformerModelSpec; jobs: number }
  const port = parentPort
  if (!port) throw new Error('bareSessionWorker runs as a worker thread')
  const session = await openVariant(buildModel(spec, 'honest'), REFERENCE_HARDWARE)
  await session.run(0)
  port.on('message', async (message: { seedBase: number }) => {
    for (let i = 0; i < jobs; i++) await session.run(message.seedBase + i)
    port.postMessage('done')
  })
  port.postMessage('ready')
}

void main()
