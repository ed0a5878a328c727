import onnxProto from 'onnx-proto'
import { describe, expect, it } from 'vitest'
import type { CheatParams } from '../../sim/index.ts'
import { buildMlp } from '../build/buildMlp.ts'
import { buildTransformer } from '../build/buildTransformer.ts'
import { findCheckpoints } from './findCheckpoints.ts'

const { onnx } = onnxProto
const cheats: CheatParams = { skipLayers: 1, noiseScale: 1, substituteWidth: 4 }
const node = (opType: string, input: string[], output: string) =>
  onnx.NodeProto.create({ opType, input, output: [output] })
const weights = (...names: string[]) =>
  names.map((name) => onnx.TensorProto.create({ name, dims: [4, 4], dataType: 1 }))

describe('findCheckpoints', () => {
  it('finds the hidden activations and the output of an MLP', () => {
    const mlp = buildMlp(
      { kind: 'mlp', width: 8, depth: 3, inputSize: 4, outputSize: 2, seed: 1, cheats },
      'honest',
    )
    expect(findCheckpoints(mlp.model.graph ?? {}, 'input', 'output')).toEqual({
      checkpoints: ['h0', 'h1', 'h2', 'output'],
    })
  })

  it('cuts a transformer block after each residual Add', () => {
    const spec = {
      kind: 'transformer',
      dModel: 8,
      heads: 2,
      blocks: 2,
      seqLen: 3,
      ffMult: 2,
      seed: 1,
      cheats,
    } as const
    const graph = buildTransformer(spec, 'honest').model.graph ?? {}
    expect(findCheckpoints(graph, 'input', 'block1')).toEqual({
      checkpoints: ['block0.residual', 'block0', 'block1.residual', 'block1'],
    })
  })

  it('refuses two branches live all the way through', () => {
    const graph = onnx.GraphProto.create({
      node: [
        node('MatMul', ['x', 'a1'], 'p'),
        node('MatMul', ['x', 'b1'], 'q'),
        node('Relu', ['p'], 'p1'),
        node('Relu', ['q'], 'q1'),
        node('MatMul', ['p1', 'a2'], 'p2'),
        node('MatMul', ['q1', 'b2'], 'q2'),
        node('Add', ['p2', 'q2'], 'y'),
      ],
      initializer: weights('a1', 'a2', 'b1', 'b2'),
    })
    const search = findCheckpoints(graph, 'x', 'y')
    expect(search).toHaveProperty('problem')
    expect('problem' in search && search.problem).toMatch(
      /narrowest cut, after MatMul node p, has 2 live values \(x, p\)/,
    )
  })

  it('refuses a skip connection around every layer, and accepts one around each', () => {
    const around = (inner: onnxProto.onnx.INodeProto[]) =>
      onnx.GraphProto.create({ node: inner, initializer: weights('a', 'b') })
    const whole = around([
      node('MatMul', ['x', 'a'], 'h'),
      node('MatMul', ['h', 'b'], 'o'),
      node('Add', ['x', 'o'], 'y'),
    ])
    expect(findCheckpoints(whole, 'x', 'y')).toHaveProperty('problem')
    const each = around([
      node('MatMul', ['x', 'a'], 'h'),
      node('Add', ['x', 'h'], 'r'),
      node('MatMul', ['r', 'b'], 'o'),
      node('Add', ['r', 'o'], 'y'),
    ])
    expect(findCheckpoints(each, 'x', 'y')).toEqual({ checkpoints: ['r', 'y'] })
  })
})
