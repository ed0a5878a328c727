import { catalogModelBytes } from './catalogModelBytes.ts'
import type { ScenarioIssue } from './checkScenario.ts'
import type { Scenario } from './schema.ts'

/**
 * The rules of a model catalog (issue 18) that span fields: one kind of model (all forward
 * models or all decoders, see below), no modeled decoder size, shares given for every entry or
 * none and adding up to 1, and host and verifier memories that can hold every model (else its
 * requests could never be served or checked).
 */
export function checkCatalog(scenario: Scenario): ScenarioIssue | undefined {
  const { catalog } = scenario
  if (!catalog) return undefined
  const at = (i: number, ...field: string[]) => ['catalog', 'models', String(i), ...field]
  const isDecoder = (model: Scenario['model']) =>
    'decoder' in model || ('builtin' in model && model.builtin === 'decoder')
  const first = catalog.models[0]
  const decoders = first ? isDecoder(first.model) : false
  // A run keeps one cost book: a decoder run's costs are roofline USD (economics.generationCost,
  // 1 token = 1 USD), a forward run's FLOPs × costPerFlop, and verification_overhead and the
  // cost per inference would add figures of the two. Mixing stays refused until the books split.
  for (const [i, entry] of catalog.models.entries())
    if (isDecoder(entry.model) !== decoders)
      return {
        path: at(i, 'model'),
        message: `${entry.name} is ${decoders ? 'a forward model' : 'a decoder'} but ${first?.name} is ${decoders ? 'a decoder' : 'a forward model'}; a catalog holds one kind, since a decoder's jobs are priced in USD by economics.generationCost's roofline (1 token = 1 USD) and a forward model's by costPerFlop, and one run's cost metrics cannot add the two`,
        hint: 'make every catalog entry a decoder, or every entry a forward model (mlp, transformer, .onnx file), and run the other kind as a scenario of its own',
      }
  if (decoders && scenario.economics.generationCost?.decoder)
    return {
      path: ['economics', 'generationCost', 'decoder'],
      message: `${scenario.economics.generationCost.decoder} would price every decoder of the catalog as one modeled size, whatever its own`,
      hint: 'drop economics.generationCost.decoder: each catalog decoder is priced at its own size',
    }
  const given = catalog.models.filter((m) => m.share !== undefined).length
  if (given > 0 && given < catalog.models.length) {
    const i = catalog.models.findIndex((m) => m.share === undefined)
    return {
      path: at(i),
      message: `${catalog.models[i]?.name} has no share while ${given} other entries have one`,
      hint: 'give every entry a share (adding up to 1), or none and set catalog.zipf',
    }
  }
  if (given > 0) {
    const total = catalog.models.reduce((sum, m) => sum + (m.share ?? 0), 0)
    if (Math.abs(total - 1) > 1e-9)
      return {
        path: at(0, 'share'),
        message: `the catalog's shares add up to ${total}, not 1`,
        hint: 'make the shares add up to 1, or drop them all and set catalog.zipf',
      }
  }
  let largest = { bytes: 0, index: -1 }
  for (const [i, entry] of catalog.models.entries()) {
    const bytes = catalogModelBytes(scenario, entry) ?? 0
    if (bytes > largest.bytes) largest = { bytes, index: i }
  }
  const name = catalog.models[largest.index]?.name
  for (const role of ['hosts', 'verifiers'] as const) {
    const memory = catalog[role].memory
    if (memory < largest.bytes)
      return {
        path: ['catalog', role, 'memory'],
        message: `${memory} bytes cannot hold ${name} (${largest.bytes} bytes), so no ${role === 'hosts' ? 'host could serve' : 'verifier could check'} it`,
        hint: `set catalog.${role}.memory to at least ${largest.bytes}, or give ${name} fewer bytes`,
      }
  }
  return undefined
}
