import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ScenarioFieldError } from '../errors/index.ts'
import { estimateModelBytes } from './estimateModelBytes.ts'
import { parseScenario } from './loadScenario.ts'
import { resolveRunSpec } from './resolveRunSpec.ts'
import type { Scenario } from './schema.ts'

const mlp = (seed: number) =>
  `{ builtin: mlp, width: 16, depth: 2, inputSize: 8, outputSize: 4, seed: ${seed} }`

const catalog = (entries: string, rest = 'hosts: { memory: 1.0e+6 }\n  verifiers: { memory: 1.0e+6 }\n') =>
  `name: c\ncatalog:\n  models:\n${entries}  ${rest}`

const refusal = (text: string) => {
  try {
    resolveRunSpec(parseScenario(text, 's.yaml'), 's.yaml')
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioFieldError)
    const { fieldPath, line, message } = error as ScenarioFieldError
    return { fieldPath, line, message }
  }
  throw new Error(`accepted:\n${text}`)
}

describe('the catalog section', () => {
  it('resolves shares (given, or Zipf) and bytes (given, or 4 × parameters)', () => {
    const text = catalog(
      `    - { name: a, model: ${mlp(1)} }\n    - { name: b, model: ${mlp(2)}, bytes: 5000 }\n`,
    )
    const spec = resolveRunSpec(parseScenario(text, 's.yaml'), 's.yaml')
    const c = spec.catalog
    expect(c?.models.map((m) => m.share)).toEqual([2 / 3, 1 / 3])
    // (8 + 1) × 16 + (16 + 1) × 16 + (16 + 1) × 4 = 484 parameters.
    expect(c?.models.map((m) => m.bytes)).toEqual([4 * 484, 5000])
    expect(spec.model).toEqual(c?.models[0]?.model)
    expect(c).toMatchObject({ placement: 'popularity', coldStart: 'route', storage: { nodes: 4 } })
  })

  it('leaves a spec without a catalog as it was', () => {
    const spec = resolveRunSpec(parseScenario('name: plain\n', 's.yaml'), 's.yaml')
    expect('catalog' in spec).toBe(false)
    expect('swapSeconds' in spec.protocol.tee).toBe(false)
  })

  it('refuses shares that do not add up to 1, at the first share', () => {
    const text = catalog(
      `    - { name: a, model: ${mlp(1)}, share: 0.5 }\n    - { name: b, model: ${mlp(2)}, share: 0.4 }\n`,
    )
    expect(refusal(text)).toMatchObject({
      fieldPath: 'catalog.models.0.share',
      line: 4,
      message: expect.stringMatching(/shares add up to 0\.9, not 1/),
    })
  })

  it('refuses some shares without the others', () => {
    const text = catalog(
      `    - { name: a, model: ${mlp(1)}, share: 0.5 }\n    - { name: b, model: ${mlp(2)} }\n`,
    )
    expect(refusal(text)).toMatchObject({ fieldPath: 'catalog.models.1', line: 5 })
  })

  it('refuses a host or verifier memory too small for a model', () => {
    const entries = `    - { name: a, model: ${mlp(1)} }\n    - { name: big, model: ${mlp(2)}, bytes: 2.0e+6 }\n`
    expect(refusal(catalog(entries))).toMatchObject({
      fieldPath: 'catalog.hosts.memory',
      line: 6,
      message: expect.stringMatching(/1000000 bytes cannot hold big \(2000000 bytes\)/),
    })
    const verifiers = catalog(entries, 'hosts: { memory: 3.0e+6 }\n  verifiers: { memory: 1.0e+6 }\n')
    expect(refusal(verifiers)).toMatchObject({ fieldPath: 'catalog.verifiers.memory', line: 7 })
  })

  it('resolves a catalog of decoders: one workload, generation pricing, each decoder’s bytes', () => {
    const text = catalog(
      '    - { name: a, model: { builtin: decoder, width: 32, heads: 2, blocks: 1 } }\n    - { name: b, model: { builtin: decoder, width: 64, blocks: 3 } }\n',
      'hosts: { memory: 1.0e+8 }\n  verifiers: { memory: 1.0e+8 }\nworkload: { outputTokens: 32 }\n',
    )
    const scenario = parseScenario(text, 's.yaml')
    const spec = resolveRunSpec(scenario, 's.yaml')
    expect(spec.model).toEqual(spec.catalog?.models[0]?.model)
    expect(spec.workload?.outputTokens).toEqual({ fixed: 32 })
    expect(spec.economics.generationCost?.hardware.name).toBeDefined()
    // A built-in decoder's bytes are estimated from its own shape, as a lone decoder's are.
    const bytes = spec.catalog?.models.map((m) => m.bytes) ?? []
    const alone = (i: number) =>
      estimateModelBytes({
        ...scenario,
        catalog: undefined,
        model: scenario.catalog?.models[i]?.model,
      } as Scenario)
    expect(bytes).toEqual([alone(0), alone(1)])
    expect(bytes[1]).toBeGreaterThan(bytes[0] as number)
  })

  it('holds a decoder from files by the bytes of both its graphs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verisim-catalog-'))
    writeFileSync(join(dir, 'p.onnx'), Buffer.alloc(300))
    writeFileSync(join(dir, 'd.onnx'), Buffer.alloc(200))
    const text = catalog(
      '    - { name: a, model: { builtin: decoder, width: 32, heads: 2, blocks: 1 } }\n    - { name: f, model: { decoder: { prefill: p.onnx, decode: d.onnx } } }\n',
      'hosts: { memory: 1.0e+8 }\n  verifiers: { memory: 1.0e+8 }\n',
    )
    const path = join(dir, 's.yaml')
    const spec = resolveRunSpec(parseScenario(text, path), path)
    expect(spec.catalog?.models[1]?.bytes).toBe(500)
  })

  it('refuses a catalog mixing decoders and forward models, at the first of the other kind', () => {
    const text = catalog(
      `    - { name: a, model: ${mlp(1)} }\n    - { name: llm, model: { builtin: decoder } }\n`,
    )
    expect(refusal(text)).toMatchObject({
      fieldPath: 'catalog.models.1.model',
      line: 5,
      message: expect.stringMatching(/llm is a decoder but a is a forward model; a catalog holds one kind/),
    })
    const decoderFirst = catalog(
      `    - { name: llm, model: { builtin: decoder } }\n    - { name: a, model: ${mlp(1)} }\n`,
    )
    expect(refusal(decoderFirst)).toMatchObject({
      fieldPath: 'catalog.models.1.model',
      message: expect.stringMatching(/a is a forward model but llm is a decoder/),
    })
  })

  it('refuses a modeled decoder size, which would price every decoder as one', () => {
    const text = catalog(
      '    - { name: a, model: { builtin: decoder } }\n    - { name: b, model: { builtin: decoder, seed: 2 } }\n',
      'hosts: { memory: 1.0e+8 }\n  verifiers: { memory: 1.0e+8 }\neconomics: { generationCost: { decoder: Llama-2-7B } }\n',
    )
    expect(refusal(text)).toMatchObject({
      fieldPath: 'economics.generationCost.decoder',
      message: expect.stringMatching(
        /Llama-2-7B would price every decoder of the catalog as one modeled size/,
      ),
    })
  })

  it('checks each entry’s model rules at the entry’s own field', () => {
    const text = catalog(
      '    - { name: a, model: { builtin: decoder } }\n    - { name: b, model: { builtin: decoder, width: 30, heads: 4 } }\n',
      'hosts: { memory: 1.0e+8 }\n  verifiers: { memory: 1.0e+8 }\n',
    )
    expect(refusal(text)).toMatchObject({
      fieldPath: 'catalog.models.1.model.heads',
      line: 5,
      message: expect.stringMatching(/width \(30\) must be a multiple of heads \(4\)/),
    })
  })

  it('refuses a missing .onnx file, naming the entry', () => {
    const text = catalog(
      `    - { name: a, model: ${mlp(1)} }\n    - { name: f, model: { file: nowhere.onnx } }\n`,
    )
    expect(refusal(text)).toMatchObject({
      fieldPath: 'catalog.models.1.model.file',
      line: 5,
      message: expect.stringMatching(/model file not found: .*nowhere\.onnx/),
    })
  })

  it('refuses both model and catalog', () => {
    const text = `model: ${mlp(1)}\n${catalog(`    - { name: a, model: ${mlp(1)} }\n    - { name: b, model: ${mlp(2)} }\n`)}`
    expect(refusal(text)).toMatchObject({
      fieldPath: 'model',
      line: 1,
      message: expect.stringMatching(/model and catalog are both given/),
    })
  })
})
