import type { ModelInfo } from '../ports.ts'
import type { RunSpec } from '../runSpec.ts'

/**
 * The mean of `f` over the models a request may ask for, weighted by the catalog's demand shares
 * (the one model without a catalog): what an average request costs, for estimates made before
 * any request is drawn (a host's capacity, a newcomer's expected latency).
 */
export function demandWeighted(
  spec: Pick<RunSpec, 'catalog'>,
  models: readonly ModelInfo[],
  f: (model: ModelInfo) => number,
): number {
  const catalog = spec.catalog
  const first = models[0]
  if (!catalog) return first ? f(first) : 0
  let sum = 0
  for (const [m, entry] of catalog.models.entries()) {
    const model = models[m]
    if (model) sum += entry.share * f(model)
  }
  return sum
}
