import { Tensor } from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../errors/index.ts'
import { type MlpModelSpec, REFERENCE_HARDWARE } from '../../sim/index.ts'
import { encodeModel } from '../graph/encodeModel.ts'
import { inputFromSeed } from '../run/inputFromSeed.ts'
import { openSession } from '../run/openSession.ts'
import { buildMlp } from './buildMlp.ts'

const spec: MlpModelSpec = {
  kind: 'mlp',
  width: 24,
  depth: 5,
  inputSize: 12,
  outputSize: 3,
  seed: 42,
  cheats: { skipLayers: 2, noiseScale: 1, substituteWidth: 6 },
}

/** The closed form the graph walk must agree with: layer 0, then depth-1 square layers, then the head. */
function formula(s: MlpModelSpec, hidden: number, width = s.width): number {
  const first = 2 * s.inputSize * width + 2 * width
  const square = 2 * width * width + 2 * width
  const head = 2 * width * s.outputSize + s.outputSize
  return first + (hidden - 1) * square + head
}

/** int8 linear k→n: quantize the input (4k), integer matmul at 1/4, cast, two rescales, bias. */
const int8Linear = (k: number, n: number) => 4 * k + Math.ceil((k * n) / 2) + 3 * n + 1

describe('buildMlp', () => {
  it('counts FLOPs from the graph exactly as the closed form, for every variant', () => {
    for (const s of [spec, { ...spec, width: 7, depth: 3 }, { ...spec, depth: 9, inputSize: 1 }]) {
      expect(buildMlp(s, 'honest').flops).toBe(formula(s, s.depth))
      expect(buildMlp(s, 'skip').flops).toBe(formula(s, s.depth - s.cheats.skipLayers))
      expect(buildMlp(s, 'substitute').flops).toBe(formula(s, s.depth, s.cheats.substituteWidth))
      const hidden =
        int8Linear(s.inputSize, s.width) + s.width + (s.depth - 1) * (int8Linear(s.width, s.width) + s.width)
      expect(buildMlp(s, 'int8').flops).toBe(hidden + int8Linear(s.width, s.outputSize))
    }
  })

  it('gives every variant one checkpoint per hidden layer plus the output', () => {
    expect(buildMlp(spec, 'honest').checkpointNames).toEqual(['h0', 'h1', 'h2', 'h3', 'h4', 'output'])
    expect(buildMlp(spec, 'int8').checkpointNames).toEqual(['h0', 'h1', 'h2', 'h3', 'h4', 'output'])
    // Skipped layers repeat the last activation the variant computed.
    expect(buildMlp(spec, 'skip').checkpointNames).toEqual(['h0', 'h1', 'h2', 'h2', 'h2', 'output'])
    const substitute = buildMlp(spec, 'substitute')
    expect(substitute.checkpointShapes).toEqual([
      [1, 6],
      [1, 6],
      [1, 6],
      [1, 6],
      [1, 6],
      [1, 3],
    ])
    expect(buildMlp(spec, 'honest').inputShape).toEqual([1, 12])
  })

  it('runs the int8 variant on real integer ops, close to but not equal to honest', async () => {
    const int8 = buildMlp(spec, 'int8')
    const ops = new Set(int8.model.graph?.node?.map((node) => node.opType))
    expect(ops).toContain('MatMulInteger')
    expect(ops).toContain('DynamicQuantizeLinear')
    expect(ops).not.toContain('MatMul')
    const [honest, quantized] = await Promise.all([run(buildMlp(spec, 'honest')), run(int8)])
    const gap = Math.max(...honest.map((v, i) => Math.abs(v - (quantized[i] ?? 0))))
    expect(gap).toBeGreaterThan(1e-4)
    expect(gap).toBeLessThan(0.1)
  })

  it('is deterministic in the seed, and the substitute has its own weights', () => {
    const bytes = (s: MlpModelSpec, v: 'honest' | 'substitute') => encodeModel(buildMlp(s, v).model)
    expect(bytes(spec, 'honest')).toEqual(bytes({ ...spec }, 'honest'))
    expect(bytes(spec, 'honest')).not.toEqual(bytes({ ...spec, seed: 43 }, 'honest'))
    const wide = { ...spec, cheats: { ...spec.cheats, substituteWidth: spec.width } }
    expect(bytes(wide, 'substitute')).not.toEqual(bytes(wide, 'honest'))
  })

  it('rejects bad specs naming the field', () => {
    expect(() => buildMlp({ ...spec, width: 0 }, 'honest')).toThrow(InputError)
    expect(() => buildMlp({ ...spec, width: 0 }, 'honest')).toThrow(/model\.width/)
    expect(() => buildMlp({ ...spec, depth: 1.5 }, 'honest')).toThrow(/model\.depth/)
    const cheat = (cheats: Partial<MlpModelSpec['cheats']>) => ({
      ...spec,
      cheats: { ...spec.cheats, ...cheats },
    })
    expect(() => buildMlp(cheat({ skipLayers: -1 }), 'honest')).toThrow(/model\.cheats\.skipLayers/)
    expect(() => buildMlp(cheat({ skipLayers: 5 }), 'skip')).toThrow(/model\.cheats\.skipLayers/)
    expect(() => buildMlp(cheat({ skipLayers: 0 }), 'skip')).toThrow(/model\.cheats\.skipLayers/)
    expect(() => buildMlp(cheat({ substituteWidth: 0 }), 'honest')).toThrow(/model\.cheats\.substituteWidth/)
    expect(() => buildMlp(cheat({ noiseScale: Number.NaN }), 'honest')).toThrow(/model\.cheats\.noiseScale/)
    // A skip count the model cannot honour only removes the skip variant.
    expect(buildMlp(cheat({ skipLayers: 5 }), 'honest').flops).toBe(formula(spec, spec.depth))
  })

  it('keeps activations O(1) at every depth', async () => {
    const deep = buildMlp({ ...spec, width: 64, depth: 40, inputSize: 32 }, 'honest')
    const session = await openSession(encodeModel(deep.model), REFERENCE_HARDWARE)
    const outputs = await session.run({ input: new Tensor('float32', inputFromSeed(1, 32), [1, 32]) })
    for (const name of deep.checkpointNames) {
      const values = outputs[name]?.data as Float32Array
      const rms = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0) / values.length)
      expect(rms, name).toBeGreaterThan(0.05)
      expect(rms, name).toBeLessThan(20)
    }
    await session.release()
  })
})

async function run(built: ReturnType<typeof buildMlp>): Promise<Float32Array> {
  const session = await openSession(encodeModel(built.model), REFERENCE_HARDWARE)
  const outputs = await session.run({ input: new Tensor('float32', inputFromSeed(3, 12), [1, 12]) })
  await session.release()
  return outputs.output?.data as Float32Array
}
