import { catalogModelBytes } from './catalogModelBytes.ts'
import type { ScenarioIssue } from './checkScenario.ts'
import type { Scenario } from './schema.ts'

/**
 * The rules of a model catalog (issue 18) that span fields: no decoder (a catalog's jobs are
 * forward passes), shares given for every entry or none and adding up to 1, and host and
 * verifier memories that can hold every model (else its requests could never be served or checked).
 */
export function checkCatalog(scenario: Scenario): ScenarioIssue | undefined {
  const { catalog } = scenario
  if (!catalog) return undefined
  const at = (i: number, ...field: string[]) => ['catalog', 'models', String(i), ...field]
  for (const [i, entry] of catalog.models.entries()) {
    const { model } = entry
    if ('decoder' in model || ('builtin' in model && model.builtin === 'decoder'))
      return {
        path: at(i, 'model'),
        message: `${entry.name} is a decoder; a catalog holds forward models only (mlp, transformer, .onnx file)`,
        hint: 'use a decoder as the top-level model: of a scenario without catalog',
      }
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
