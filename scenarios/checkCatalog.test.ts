import { describe, expect, it } from 'vitest'
import { ScenarioFieldError } from '../errors/index.ts'
import { parseScenario } from './loadScenario.ts'
import { resolveRunSpec } from './resolveRunSpec.ts'

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

  it('refuses a decoder in a catalog', () => {
    const text = catalog(
      `    - { name: a, model: ${mlp(1)} }\n    - { name: llm, model: { builtin: decoder } }\n`,
    )
    expect(refusal(text)).toMatchObject({
      fieldPath: 'catalog.models.1.model',
      message: expect.stringMatching(/llm is a decoder; a catalog holds forward models only/),
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
