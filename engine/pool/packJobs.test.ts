import { describe, expect, it } from 'vitest'
import { REFERENCE_HARDWARE } from '../../sim/index.ts'
import { packJobs } from './packJobs.ts'
import type { ModelRef } from './protocol.ts'

const model = { id: 'm', hash: '0x00', spec: { kind: 'file', path: '/m.onnx' } } as unknown as ModelRef
const fp16 = { ...REFERENCE_HARDWARE, fp16Weights: true }

describe('packJobs', () => {
  it('sends each distinct run once and points every job at its own', () => {
    const task = packJobs(
      model,
      [
        {
          run: { variant: 'honest', hardware: { ...REFERENCE_HARDWARE } },
          inputSeed: 7,
          checkpoints: false,
          output: true,
        },
        { run: { variant: 'honest', hardware: fp16 }, inputSeed: 8, checkpoints: true, output: false },
        {
          run: { variant: 'honest', hardware: { ...REFERENCE_HARDWARE } },
          inputSeed: 9,
          checkpoints: true,
          output: true,
        },
        {
          run: { variant: 'noise', hardware: REFERENCE_HARDWARE, salt: 1 },
          inputSeed: 10,
          checkpoints: false,
          output: false,
        },
        {
          run: { variant: 'noise', hardware: REFERENCE_HARDWARE, salt: 2 },
          inputSeed: 11,
          checkpoints: false,
          output: true,
        },
        {
          run: { variant: 'noise', hardware: REFERENCE_HARDWARE, salt: 2 },
          inputSeed: 12,
          checkpoints: true,
          output: true,
        },
      ],
      5e-3,
    )
    expect(task.runs.map((r) => [r.variant, r.hardware.fp16Weights, r.salt])).toEqual([
      ['honest', false, undefined],
      ['honest', true, undefined],
      ['noise', false, 1],
      ['noise', false, 2],
    ])
    expect(task.runOf).toEqual([0, 1, 0, 2, 3, 3])
    expect(task.inputSeeds).toEqual([7, 8, 9, 10, 11, 12])
    expect(task.checkpoints).toEqual([false, true, true, false, false, true])
    expect(task.outputs).toEqual([true, false, true, false, true, true])
    expect(task.tolerance).toBe(5e-3)
  })
})
