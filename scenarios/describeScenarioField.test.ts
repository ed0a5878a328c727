import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { describeScenarioField } from './describeScenarioField.ts'
import { scenarioSchema } from './index.ts'

describe('describeScenarioField', () => {
  it('reads whole-number fields from the scenario schema', () => {
    for (const path of [
      'protocol.k',
      'hosts.count',
      'protocol.challengeWindow',
      'blockTime',
      // A token count is a whole number or { uniform: [min, max] }: tune tries whole numbers.
      'workload.outputTokens',
      'workload.chunkSize',
    ])
      expect(describeScenarioField(scenarioSchema, path), path).toBe('integer')
    for (const path of [
      'protocol.p',
      'protocol.slashFraction',
      'hosts.stake',
      'duration',
      'hosts.speed',
      'protocol.detection.alpha',
      'workload.temperature',
    ])
      expect(describeScenarioField(scenarioSchema, path), path).toBe('number')
  })

  it('follows list entries by index and map entries by name (issue 16)', () => {
    expect(describeScenarioField(scenarioSchema, 'demand.providers.0.price')).toBe('number')
    expect(describeScenarioField(scenarioSchema, 'demand.weight')).toBe('integer')
    expect(describeScenarioField(scenarioSchema, 'economics.emissions.perDay')).toBe('number')
    expect(describeScenarioField(scenarioSchema, 'economics.emissions.every')).toBe('integer')
    expect(describeScenarioField(scenarioSchema, 'demand.segments.production.share')).toBe('number')
    expect(describeScenarioField(scenarioSchema, 'demand.segments.hobby.conversion.minRequests')).toBe(
      'integer',
    )
    expect(describeScenarioField(scenarioSchema, 'demand.providers.x.price')).toBe('unknown')
    expect(describeScenarioField(scenarioSchema, 'demand.segments.__proto__.share')).toBe('unknown')
  })

  it('looks through defaults and transforms, and tells other values and missing fields apart', () => {
    expect(describeScenarioField(scenarioSchema, 'hosts.behaviours.lazy')).toBe('number')
    expect(describeScenarioField(scenarioSchema, 'protocol.mode')).toBe('other')
    expect(describeScenarioField(scenarioSchema, 'economics.generationCost.decoder')).toBe('other')
    expect(describeScenarioField(scenarioSchema, 'protocol.q')).toBe('unknown')
    expect(describeScenarioField(scenarioSchema, 'protocol.p.x')).toBe('unknown')
    const union = z.object({ a: z.union([z.number().int(), z.literal('auto')]).default(1) })
    expect(describeScenarioField(union, 'a')).toBe('integer')
  })

  it("names only the schema's own fields, through the model's shapes, never the prototype", () => {
    expect(describeScenarioField(scenarioSchema, 'model.width')).toBe('integer')
    expect(describeScenarioField(scenarioSchema, 'model.builtin')).toBe('other')
    // Each model shape has its own cheats: a decoder's are found though the MLP's come first.
    expect(describeScenarioField(scenarioSchema, 'model.cheats.substitute.width')).toBe('integer')
    expect(describeScenarioField(scenarioSchema, 'model.cheats.bias')).toBe('number')
    expect(describeScenarioField(scenarioSchema, 'model.cheats.skipLayers')).toBe('integer')
    expect(describeScenarioField(scenarioSchema, 'model.context')).toBe('integer')
    for (const path of ['__proto__', '__proto__.toString', 'protocol.__proto__', 'constructor', 'toString'])
      expect(describeScenarioField(scenarioSchema, path), path).toBe('unknown')
  })
})
