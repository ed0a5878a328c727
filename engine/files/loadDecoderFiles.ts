import onnxProto from 'onnx-proto'
import { ModelFileError } from '../../errors/index.ts'
import { REFERENCE_HARDWARE } from '../../sim/index.ts'
import { countDecoderFlops } from '../build/countDecoderFlops.ts'
import type { BuiltDecoder } from '../build/decoderTypes.ts'
import { countParameters } from '../graph/countParameters.ts'
import { toNumber } from '../graph/toNumber.ts'
import { openSession } from '../run/openSession.ts'
import { readModelBytes } from './readModelBytes.ts'

const { onnx } = onnxProto
const INT64 = onnx.TensorProto.DataType.INT64
const FLOAT = onnx.TensorProto.DataType.FLOAT

export type LoadedDecoder = {
  /** The files' own bytes: their hash (hashDecoder) is the model's registry key. */
  bytes: { prefill: Uint8Array; decode: Uint8Array }
  built: BuiltDecoder
}

type Phase = 'prefill' | 'decode'
type ValueInfo = onnxProto.onnx.IValueInfoProto
/** A dimension as the file declares it: a number, or null when symbolic. */
type Dims = (number | null)[]

/**
 * Reads a decoder given as two `.onnx` files that share weights and checks they have what
 * engine/build/buildDecoder's graphs have, so the engine drives them the same way: inputs
 * `tokens`, `positions` (int64) and, in the decode step, `past.k.i` / `past.v.i` per block;
 * outputs `logits` [T, vocab], `hidden` [T, width] and `present.k.i` / `present.v.i`
 * [heads, T, headDim], with vocab, width, heads, headDim and the block count the same in both
 * graphs. Both are then opened by onnxruntime once, so "valid" means "this engine can run it".
 *
 * The context is the row count of the table the positions index (a learned position
 * embedding); a decoder without one (rotary positions, say) has no limit the graph states, and
 * gets Number.MAX_SAFE_INTEGER. Its spec's ffMult and seed describe nothing and are 1 and 0.
 */
export async function loadDecoderFiles(prefillPath: string, decodePath: string): Promise<LoadedDecoder> {
  const paths = { prefill: prefillPath, decode: decodePath }
  const bytes = {
    prefill: await readModelBytes(prefillPath, 'model.decoder.prefill'),
    decode: await readModelBytes(decodePath, 'model.decoder.decode'),
  }
  const fail = (phase: Phase, why: string, hint?: string, cause?: unknown) =>
    new ModelFileError(`${paths[phase]} ${why}`, {
      file: paths[phase],
      fieldPath: `model.decoder.${phase}`,
      hint,
      cause,
    })
  const decode = (phase: Phase) => {
    try {
      return onnx.ModelProto.decode(bytes[phase])
    } catch (cause) {
      throw fail(
        phase,
        'is not an ONNX model: it does not decode as one',
        'name an exported .onnx file',
        cause,
      )
    }
  }
  const models = { prefill: decode('prefill'), decode: decode('decode') }
  const shapes = { prefill: describe(models.prefill), decode: describe(models.decode) }

  const blocks = countBlocks(shapes.prefill.outputs)
  if (blocks === 0) throw fail('prefill', 'has no output present.k.0', EXPECTED)
  const sizes: Partial<Record<'vocab' | 'width' | 'heads' | 'headDim', { value: number; phase: Phase }>> = {}
  /** Records a size the first time a graph states it, and refuses a graph that states another. */
  const agree = (phase: Phase, size: keyof typeof sizes, value: number | null | undefined, where: string) => {
    if (value === null || value === undefined) {
      throw fail(phase, `declares ${where} with a symbolic or missing size`, 'export it with a fixed size')
    }
    const known = sizes[size]
    if (known && known.value !== value) {
      const same = known.phase === phase ? 'elsewhere in it' : `in ${paths[known.phase]}`
      throw fail(phase, `declares ${where} as ${value}, but ${size} is ${known.value} ${same}`)
    }
    sizes[size] = { value, phase }
  }
  for (const phase of ['prefill', 'decode'] as const) {
    const { inputs, outputs } = shapes[phase]
    const cached = Array.from({ length: blocks }, (_, i) => [`k.${i}`, `v.${i}`]).flat()
    const wantedInputs = [
      'tokens',
      'positions',
      ...(phase === 'decode' ? cached.map((n) => `past.${n}`) : []),
    ]
    for (const name of wantedInputs) {
      const input = inputs.get(name)
      if (!input) throw fail(phase, `has no input ${name}`, EXPECTED)
      const type = name.startsWith('past.') ? FLOAT : INT64
      if (input.type !== type) {
        throw fail(phase, `input ${name} is not ${type === FLOAT ? 'float32' : 'int64'}`, EXPECTED)
      }
    }
    const extra = [...inputs.keys()].find((name) => !wantedInputs.includes(name))
    if (extra !== undefined) {
      throw fail(
        phase,
        `has an input ${extra} the engine does not feed (a ${phase} graph takes ${wantedInputs.join(', ')})`,
        EXPECTED,
      )
    }
    for (const name of ['logits', 'hidden', ...cached.map((n) => `present.${n}`)]) {
      if (!outputs.has(name)) throw fail(phase, `has no output ${name}`, EXPECTED)
    }
    if (countBlocks(outputs) !== blocks) {
      throw fail(phase, `has ${countBlocks(outputs)} blocks of present keys, the other graph ${blocks}`)
    }
    agree(phase, 'vocab', outputs.get('logits')?.dims.at(-1), 'logits')
    agree(phase, 'width', outputs.get('hidden')?.dims.at(-1), 'hidden')
    for (const name of [
      ...cached.map((n) => `present.${n}`),
      ...(phase === 'decode' ? cached.map((n) => `past.${n}`) : []),
    ]) {
      const dims = (outputs.get(name) ?? inputs.get(name))?.dims ?? []
      if (dims.length !== 3)
        throw fail(phase, `${name} must be [heads, length, headDim], has ${dims.length} dimensions`)
      agree(phase, 'heads', dims[0], `${name}'s heads`)
      agree(phase, 'headDim', dims[2], `${name}'s headDim`)
    }
  }
  const size = (name: keyof typeof sizes) => sizes[name]?.value as number
  const [vocab, width, heads, headDim] = [size('vocab'), size('width'), size('heads'), size('headDim')]
  for (const phase of ['prefill', 'decode'] as const) {
    try {
      const session = await openSession(bytes[phase], REFERENCE_HARDWARE)
      await session.release()
    } catch (cause) {
      throw fail(phase, 'is not a valid ONNX model', 'onnxruntime could not load it', cause)
    }
  }
  return {
    bytes,
    built: {
      spec: { vocab, width, heads, blocks, context: contextOf(models.prefill), ffMult: 1, seed: 0 },
      variant: { kind: 'honest' },
      prefill: models.prefill,
      decode: models.decode,
      cacheBlocks: blocks,
      stateBlocks: 0,
      cacheHeads: heads,
      headDim,
      parameters: countParameters(models.decode),
      cacheFloatsPerToken: 2 * blocks * heads * headDim,
      ...countDecoderFlops(models.prefill, models.decode, `decoder files ${prefillPath} and ${decodePath}`),
    },
  }
}

const EXPECTED =
  'a decoder needs inputs tokens, positions (and past.k.i, past.v.i in the decode step) and outputs logits, hidden, present.k.i, present.v.i, as engine/build/buildDecoder makes them'

/** The graph's inputs (initializers listed as inputs left out) and outputs, by name. */
function describe(model: onnxProto.onnx.IModelProto) {
  const graph = model.graph ?? {}
  const weights = new Set((graph.initializer ?? []).map((init) => init.name))
  const byName = (values: ValueInfo[]) =>
    new Map(
      values
        .filter((value) => !weights.has(value.name))
        .map((value) => [value.name ?? '', { type: value.type?.tensorType?.elemType, dims: dimsOf(value) }]),
    )
  return { inputs: byName(graph.input ?? []), outputs: byName(graph.output ?? []) }
}

function dimsOf(value: ValueInfo): Dims {
  return (value.type?.tensorType?.shape?.dim ?? []).map((d) =>
    d.dimValue != null && toNumber(d.dimValue) > 0 ? toNumber(d.dimValue) : null,
  )
}

function countBlocks(outputs: Map<string, unknown>): number {
  let blocks = 0
  while (outputs.has(`present.k.${blocks}`)) blocks++
  return blocks
}

/** Rows of the initializer a Gather over `positions` reads, or no limit (see loadDecoderFiles). */
function contextOf(model: onnxProto.onnx.IModelProto): number {
  const graph = model.graph ?? {}
  const gather = (graph.node ?? []).find(
    (node) => node.opType === 'Gather' && node.input?.[1] === 'positions',
  )
  const table = (graph.initializer ?? []).find((init) => init.name === gather?.input?.[0])
  const rows = table?.dims?.[0]
  return rows === undefined || rows === null ? Number.MAX_SAFE_INTEGER : toNumber(rows)
}
