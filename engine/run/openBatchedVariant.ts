import { Tensor } from 'onnxruntime-node'
import { BaseError, InputError } from '../../errors/index.ts'
import type { HardwareProfile } from '../../sim/index.ts'
import { roundWeightsToFloat16 } from '../build/roundWeightsToFloat16.ts'
import type { BuiltModel } from '../build/types.ts'
import { encodeModel } from '../graph/encodeModel.ts'
import { toNumber } from '../graph/toNumber.ts'
import { inputFromSeed } from './inputFromSeed.ts'
import { openSession } from './openSession.ts'

/** A batched graph (BuildOptions.batched) open on one host's hardware. */
export type OpenBatchedVariant = {
  /** FLOPs of one job: the batched graph counted with its batch dimension at 1. */
  flops: number
  /**
   * Runs every job of the batch in ONE session run (inputs stacked on the batch axis) and returns
   * job i's checkpoints as views into the batch's outputs: exactly the bits that batch produced.
   * With `everyCheckpoint` false a job's row holds its result (the last checkpoint) alone: the
   * same bits, without fetching the checkpoints before it.
   */
  runBatch(inputSeeds: readonly number[], everyCheckpoint?: boolean): Promise<Float32Array[][]>
  release(): Promise<void>
}

/** Opens a built batched variant as it runs on one host's hardware. */
export async function openBatchedVariant(
  built: BuiltModel,
  hardware: HardwareProfile,
): Promise<OpenBatchedVariant> {
  const model = hardware.fp16Weights ? roundWeightsToFloat16(built.model) : built.model
  const input = model.graph?.input?.find((value) => value.name === built.inputName)
  const dims = input?.type?.tensorType?.shape?.dim ?? []
  if (!dims[0]?.dimParam) {
    throw new InputError(
      `model input ${built.inputName} has no symbolic batch dimension: build it with { batched: true }`,
    )
  }
  // Each job's own input shape: everything behind the batch axis.
  const jobShape = dims.slice(1).map((d) => toNumber(d.dimValue ?? 0))
  const inputSize = jobShape.reduce((product, dim) => product * dim, 1)
  const sizes = built.checkpointShapes.map((shape) => shape.reduce((product, dim) => product * dim, 1))
  const session = await openSession(encodeModel(model), hardware)
  const outputs = [...new Set(built.checkpointNames)]
  const resultName = built.checkpointNames[built.checkpointNames.length - 1] as string
  const resultSize = sizes[sizes.length - 1] as number
  return {
    flops: built.flops,
    async runBatch(inputSeeds, everyCheckpoint = true) {
      const n = inputSeeds.length
      const stacked = new Float32Array(n * inputSize)
      for (const [i, seed] of inputSeeds.entries()) stacked.set(inputFromSeed(seed, inputSize), i * inputSize)
      // Fetching the earlier checkpoints costs copies and buffers of their own, and a
      // digest-only batch (sampling, TEE and zk modes) never reads them.
      const names = everyCheckpoint ? built.checkpointNames : [resultName]
      const results = await session.run(
        { [built.inputName]: new Tensor('float32', stacked, [n, ...jobShape]) },
        everyCheckpoint ? outputs : names,
      )
      const columns = names.map((name, c) => {
        const data = results[name]?.data
        if (!(data instanceof Float32Array))
          throw new BaseError(`checkpoint ${name} did not come back as float32`)
        const size = everyCheckpoint ? (sizes[c] as number) : resultSize
        if (data.length !== n * size) {
          throw new BaseError(`checkpoint ${name} has ${data.length} values for a batch of ${n}`)
        }
        return { data, size }
      })
      return inputSeeds.map((_, i) =>
        columns.map(({ data, size }) => data.subarray(i * size, (i + 1) * size)),
      )
    },
    release: () => session.release(),
  }
}
