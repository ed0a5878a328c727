import onnxProto from 'onnx-proto'
import { InferenceSession, Tensor } from 'onnxruntime-node'
import seedrandom from 'seedrandom'
import { describe, expect, it } from 'vitest'
import { roundToFloat16 } from './roundToFloat16.ts'

const { onnx } = onnxProto

/** onnxruntime's own float → float16 → float casts: the reference the hand rounding must match. */
async function castThroughHalf(values: Float32Array): Promise<Float32Array> {
  const info = (name: string) =>
    onnx.ValueInfoProto.create({
      name,
      type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: values.length }] } } },
    })
  const cast = (input: string, output: string, to: number) =>
    onnx.NodeProto.create({
      opType: 'Cast',
      input: [input],
      output: [output],
      attribute: [{ name: 'to', i: to, type: 2 }],
    })
  const graph = onnx.GraphProto.create({
    name: 'cast',
    node: [cast('x', 'half', 10), cast('half', 'y', 1)],
    input: [info('x')],
    output: [info('y')],
  })
  const model = onnx.ModelProto.create({ irVersion: 9, opsetImport: [{ domain: '', version: 20 }], graph })
  const session = await InferenceSession.create(onnx.ModelProto.encode(model).finish())
  const out = await session.run({ x: new Tensor('float32', values, [values.length]) })
  await session.release()
  return out.y?.data as Float32Array
}

describe('roundToFloat16', () => {
  it('rounds to the nearest float16, ties to even, with subnormals and overflow', () => {
    expect(roundToFloat16(1 / 3)).toBe(0.333251953125)
    expect(roundToFloat16(2049)).toBe(2048)
    expect(roundToFloat16(2051)).toBe(2052)
    expect(roundToFloat16(65504)).toBe(65504)
    expect(roundToFloat16(65520)).toBe(Number.POSITIVE_INFINITY)
    expect(roundToFloat16(2 ** -24)).toBe(2 ** -24)
    expect(roundToFloat16(2 ** -26)).toBe(0)
    expect(Object.is(roundToFloat16(-(2 ** -26)), -0)).toBe(true)
  })

  it("matches onnxruntime's Cast bit for bit", async () => {
    const rng = seedrandom.alea('f16')
    const values = Float32Array.from({ length: 20_000 }, (_, i) => (rng() * 2 - 1) * 10 ** ((i % 14) - 8))
    const expected = await castThroughHalf(values)
    expect(Float32Array.from(values, roundToFloat16)).toEqual(expected)
  })
})
