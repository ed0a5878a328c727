import onnxProto from 'onnx-proto'
import seedrandom from 'seedrandom'

const { onnx } = onnxProto
const FLOAT = onnx.TensorProto.DataType.FLOAT
const INT64 = onnx.TensorProto.DataType.INT64
const { FLOAT: FLOAT_ATTR, INT: INT_ATTR, INTS: INTS_ATTR } = onnx.AttributeProto.AttributeType

export type Attribute =
  | { name: string; int: number }
  | { name: string; ints: number[] }
  | { name: string; float: number }

/**
 * A tensor at a graph boundary: float unless said otherwise. A string dimension is symbolic (a
 * sequence or cache length that changes from run to run).
 */
export type Value = { name: string; shape: (number | string)[]; type?: 'float' | 'int64' }

export type GraphBuilder = ReturnType<typeof createGraphBuilder>

/**
 * Collects the nodes and initializers of a model being built. Weights are drawn uniformly from
 * `[-scale, scale]` out of their own named stream, so a weight never depends on what else the
 * graph holds. With `weights: false` they keep their shape but get no data: a skeleton whose
 * FLOPs can be counted at any size without generating gigabytes of floats.
 */
export function createGraphBuilder(options: { weights: boolean }) {
  const nodes: onnxProto.onnx.INodeProto[] = []
  const initializers: onnxProto.onnx.ITensorProto[] = []

  return {
    nodes,
    initializers,
    node(opType: string, inputs: string[], output: string, attributes: Attribute[] = []): string {
      nodes.push(
        onnx.NodeProto.create({
          name: `${output}/${opType}`,
          opType,
          input: inputs,
          output: [output],
          attribute: attributes.map(attribute),
        }),
      )
      return output
    },
    weight(name: string, dims: number[], stream: string, scale: number, offset = 0): string {
      const rawData = options.weights ? drawFloats(count(dims), stream, scale, offset) : undefined
      initializers.push(onnx.TensorProto.create({ name, dims, dataType: FLOAT, rawData }))
      return name
    },
    floats(name: string, dims: number[], values: number[]): string {
      const rawData = new Uint8Array(values.length * 4)
      const view = new DataView(rawData.buffer)
      for (const [i, value] of values.entries()) view.setFloat32(i * 4, value, true)
      initializers.push(onnx.TensorProto.create({ name, dims, dataType: FLOAT, rawData }))
      return name
    },
    ints(name: string, values: number[]): string {
      initializers.push(
        onnx.TensorProto.create({ name, dims: [values.length], dataType: INT64, int64Data: values }),
      )
      return name
    },
    /** The finished model: opset 20 for Gelu, which needs IR version 9. */
    model(name: string, input: Value | Value[], outputs: Value[]): onnxProto.onnx.IModelProto {
      const graph = onnx.GraphProto.create({
        name,
        node: nodes,
        initializer: initializers,
        input: (Array.isArray(input) ? input : [input]).map(valueInfo),
        output: outputs.map(valueInfo),
      })
      return onnx.ModelProto.create({
        irVersion: 9,
        opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: 20 })],
        producerName: 'verisim',
        graph,
      })
    },
  }
}

function valueInfo({ name, shape, type }: Value): onnxProto.onnx.IValueInfoProto {
  const dim = shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }))
  const elemType = type === 'int64' ? INT64 : FLOAT
  return onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType, shape: { dim } } } })
}

/** alea is several times faster than seedrandom's default ARC4, which matters at 10^8 weights. */
function drawFloats(size: number, stream: string, scale: number, offset: number): Uint8Array {
  const rng = seedrandom.alea(stream)
  const rawData = new Uint8Array(size * 4)
  // rawData must be little endian whatever the host; DataView makes that explicit.
  const view = new DataView(rawData.buffer)
  for (let i = 0; i < size; i++) view.setFloat32(i * 4, offset + (rng() * 2 - 1) * scale, true)
  return rawData
}

function attribute(spec: Attribute): onnxProto.onnx.IAttributeProto {
  if ('int' in spec) return { name: spec.name, i: spec.int, type: INT_ATTR }
  if ('ints' in spec) return { name: spec.name, ints: spec.ints, type: INTS_ATTR }
  return { name: spec.name, f: spec.float, type: FLOAT_ATTR }
}

function count(dims: number[]): number {
  return dims.reduce((product, dim) => product * dim, 1)
}
