import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type MlpModelSpec, REFERENCE_HARDWARE } from '../../sim/index.ts'
import { buildMlp } from '../build/buildMlp.ts'
import type { OpenVariant } from '../build/types.ts'
import type { InferManyTask } from '../pool/protocol.ts'
import { unpackResults } from '../pool/unpackResults.ts'
import { openVariant } from './openVariant.ts'
import { runInference } from './runInference.ts'
import { runJobs } from './runJobs.ts'

const spec: MlpModelSpec = {
  kind: 'mlp',
  width: 16,
  depth: 3,
  inputSize: 8,
  outputSize: 4,
  seed: 3,
  cheats: { skipLayers: 1, noiseScale: 1, substituteWidth: 4 },
}
const TOLERANCE = 1e-3

describe('runJobs', () => {
  let opened: OpenVariant[] = []
  beforeAll(async () => {
    opened = await Promise.all(
      (['honest', 'skip'] as const).map((variant) =>
        openVariant(buildMlp(spec, variant), REFERENCE_HARDWARE),
      ),
    )
  })
  afterAll(async () => {
    await Promise.all(opened.map((open) => open.release()))
  })

  it('gives each job what runInference gives it, whatever the job asks for', async () => {
    const task: InferManyTask = {
      model: { id: 'm', hash: '0x00', spec },
      runs: [],
      runOf: [0, 1, 0, 1, 0],
      inputSeeds: [5, 5, 6, 7, 8],
      checkpoints: [true, false, false, true, true],
      outputs: [true, true, false, false, true],
      tolerance: TOLERANCE,
    }
    const packed = await runJobs(opened, task)
    // Through a thread crossing's clone, buffer moved, as the pool receives it.
    const back = unpackResults(structuredClone(packed, { transfer: [packed.outputs.buffer] }))
    const expected = await Promise.all(
      task.runOf.map((run, i) =>
        runInference(
          opened[run] as OpenVariant,
          task.inputSeeds[i] as number,
          TOLERANCE,
          task.checkpoints[i],
          task.outputs[i],
        ),
      ),
    )
    expect(back).toEqual(expected)
    expect(back.map((r) => r.layerDigests.length)).toEqual([4, 0, 0, 4, 4])
    expect(back.map((r) => r.output.length)).toEqual([4, 4, 0, 0, 4])
    expect(new Set(back.filter((r) => r.output.length > 0).map((r) => r.output.buffer)).size).toBe(1)
  })

  it('packs an empty batch', async () => {
    const task: InferManyTask = {
      model: { id: 'm', hash: '0x00', spec },
      runs: [],
      runOf: [],
      inputSeeds: [],
      checkpoints: [],
      outputs: [],
      tolerance: TOLERANCE,
    }
    expect(unpackResults(await runJobs(opened, task))).toEqual([])
  })
})
