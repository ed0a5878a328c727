import { Tensor } from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { InputError } from '../sim/errors.ts'
import type { MlpModelSpec } from '../sim/ports.ts'
import { buildMlp } from './buildMlp.ts'
import { inputFromSeed } from './inputFromSeed.ts'
import { openSession } from './openSession.ts'

const spec: MlpModelSpec = {
  kind: 'mlp',
  width: 24,
  depth: 5,
  inputSize: 12,
  outputSize: 3,
  seed: 42,
  lazySkipLayers: 2,
}

/** The closed form the graph walk must agree with: layer 0, then depth-1 square layers, then the head. */
function formula(s: MlpModelSpec, hidden: number): number {
  const first = 2 * s.inputSize * s.width + 2 * s.width
  const square = 2 * s.width * s.width + 2 * s.width
  const head = 2 * s.width * s.outputSize + s.outputSize
  return first + (hidden - 1) * square + head
}

describe('buildMlp', () => {
  it('counts FLOPs from the graph exactly as the closed form', () => {
    for (const s of [
      spec,
      { ...spec, width: 7, depth: 1, lazySkipLayers: 0 },
      { ...spec, depth: 9, inputSize: 1 },
    ]) {
      expect(buildMlp(s, 'honest').flops).toBe(formula(s, s.depth))
      expect(buildMlp(s, 'lazy').flops).toBe(formula(s, s.depth - s.lazySkipLayers))
    }
  })

  it('exposes one checkpoint per hidden layer plus the output, the output last', () => {
    const honest = buildMlp(spec, 'honest')
    expect(honest.checkpointNames).toEqual(['h0', 'h1', 'h2', 'h3', 'h4', 'output'])
    expect(buildMlp(spec, 'lazy').checkpointNames).toEqual(['h0', 'h1', 'h2', 'output'])
    expect(honest.inputName).toBe('input')
    expect(honest.inputSize).toBe(12)
  })

  it('makes the lazy variant strictly cheaper', () => {
    expect(buildMlp(spec, 'lazy').flops).toBeLessThan(buildMlp(spec, 'honest').flops)
  })

  it('is deterministic in the seed', () => {
    expect(buildMlp(spec, 'honest').bytes).toEqual(buildMlp({ ...spec }, 'honest').bytes)
    expect(buildMlp(spec, 'honest').bytes).not.toEqual(buildMlp({ ...spec, seed: 43 }, 'honest').bytes)
  })

  it('rejects bad specs naming the field', () => {
    expect(() => buildMlp({ ...spec, width: 0 }, 'honest')).toThrow(InputError)
    expect(() => buildMlp({ ...spec, width: 0 }, 'honest')).toThrow(/model\.width/)
    expect(() => buildMlp({ ...spec, depth: 1.5 }, 'honest')).toThrow(/model\.depth/)
    expect(() => buildMlp({ ...spec, lazySkipLayers: 5 }, 'honest')).toThrow(/model\.lazySkipLayers/)
    expect(() => buildMlp({ ...spec, lazySkipLayers: -1 }, 'lazy')).toThrow(/model\.lazySkipLayers/)
  })

  it('keeps activations O(1) at every depth', async () => {
    const deep = { ...spec, width: 64, depth: 40, inputSize: 32 }
    const model = buildMlp(deep, 'honest')
    const session = await openSession(model.bytes)
    const outputs = await session.run({ input: new Tensor('float32', inputFromSeed(1, 32), [1, 32]) })
    for (const name of model.checkpointNames) {
      const values = outputs[name]?.data as Float32Array
      const rms = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0) / values.length)
      expect(rms, name).toBeGreaterThan(0.05)
      expect(rms, name).toBeLessThan(20)
    }
    await session.release()
  })
})
