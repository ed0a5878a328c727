/**
 * The FLOP-rate benchmark's peak, one per thread: a large MatMul ([M, K] × [K, N]) through an
 * onnxruntime session configured as the pool's reference hardware, run `runs` times in a tight
 * loop per message. Only this file touches parentPort in the benchmark. No top-level await: the
 * thread loads it through tsx's require hook.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { Tensor } from 'onnxruntime-node'
import { createGraphBuilder, encodeModel, openSession } from '../engine/index.ts'
import { REFERENCE_HARDWARE } from '../sim/index.ts'

type Data = { m: number; k: number; n: number; runs: number }

async function main(): Promise<void> {
  const { m, k, n, runs } = workerData as Data
  const port = parentPort
  if (!port) throw new Error('peakMatMulWorker runs as a worker thread')
  const g = createGraphBuilder({ weights: true })
  g.node('MatMul', ['x', g.weight('w', [k, n], 'peak', 0.05)], 'y')
  const model = g.model('peak', { name: 'x', shape: [m, k] }, [{ name: 'y', shape: [m, n] }])
  const session = await openSession(encodeModel(model), REFERENCE_HARDWARE)
  const x = new Tensor('float32', new Float32Array(m * k).fill(0.5), [m, k])
  await session.run({ x })
  port.on('message', async () => {
    for (let i = 0; i < runs; i++) await session.run({ x })
    port.postMessage('done')
  })
  port.postMessage('ready')
}

void main()
