/**
 * The generation benchmark's baseline, one per thread: the decoder's two onnxruntime sessions
 * and a bare greedy loop (prefill, then a decode step per token, argmax, cache fed back) over
 * its share of the generations: no digests, no checks, no messages between generations. No
 * top-level await: the thread loads it through tsx's require hook (see bareSessionWorker.ts).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { buildDecoder, type DecoderSpec, type GenerationRequest, openDecoder } from '../engine/index.ts'
import { REFERENCE_HARDWARE } from '../sim/index.ts'

async function main(): Promise<void> {
  const { spec, requests } = workerData as { spec: DecoderSpec; requests: GenerationRequest[] }
  const port = parentPort
  if (!port) throw new Error('bareGenerationWorker runs as a worker thread')
  const decoder = await openDecoder(buildDecoder(spec), REFERENCE_HARDWARE)
  const argmax = (row: Float32Array) => {
    let best = 0
    for (let i = 1; i < row.length; i++) if ((row[i] as number) > (row[best] as number)) best = i
    return best
  }
  const loop = async ({ prompt, outputTokens }: GenerationRequest) => {
    let pass = await decoder.prefill(prompt)
    let token = argmax(pass.logits.subarray((prompt.length - 1) * spec.vocab))
    for (let j = 1; j < outputTokens; j++) {
      pass = await decoder.step(token, prompt.length + j - 1, pass.cache)
      token = argmax(pass.logits)
    }
  }
  await loop(requests[0] as GenerationRequest)
  port.on('message', async () => {
    for (const request of requests) await loop(request)
    port.postMessage('done')
  })
  port.postMessage('ready')
}

void main()
