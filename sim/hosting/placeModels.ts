import { createWeightedPicker } from '../createWeightedPicker.ts'
import type { Rng } from '../rngStreams.ts'
import type { HostedModel } from './types.ts'

/**
 * What hosts expect to earn from a model, for the profit policy: `rate` requests per second over
 * the whole network, `fee` tokens each, and `holdCost` tokens per GB-hour held.
 */
export type ProfitOutlook = { rate: number; fee: number; holdCost: number }

export type PlacementOptions = {
  nodes: number
  /** Bytes each node can hold. */
  memory: number
  models: readonly HostedModel[]
  /**
   * popularity: each node fills its memory with models drawn by share without replacement (from
   * `draw(node)`), skipping those that do not fit; profit: nodes in turn take the model with the
   * highest expected profit per byte given the holders so far; coverage: nodes in turn take the
   * model with the highest demand per byte per holder so far, until nothing more fits.
   */
  policy: 'popularity' | 'profit' | 'coverage'
  /** Node `node`'s own placement stream (popularity only). */
  draw: (node: number) => Rng
  outlook: ProfitOutlook
}

/** The models each node holds at the start, in the order it loaded them (its LRU order). */
export function placeModels(options: PlacementOptions): number[][] {
  if (options.policy === 'popularity') return byPopularity(options)
  return byShare(options, options.policy === 'profit')
}

function byPopularity({ nodes, memory, models, draw }: PlacementOptions): number[][] {
  const placed: number[][] = []
  for (let node = 0; node < nodes; node++) {
    const rng = draw(node)
    const held: number[] = []
    let free = memory
    // Without replacement: a drawn model leaves the draw. Once only models of share 0 are left,
    // each draw takes the last of them.
    const left = createWeightedPicker(models.map((m) => m.share))
    const taken = models.map(() => false)
    for (let draws = 0; draws < models.length; draws++) {
      let m = left.pick(rng())
      if (m < 0) m = taken.lastIndexOf(false)
      taken[m] = true
      left.set(m, 0)
      const bytes = models[m]?.bytes ?? 0
      if (bytes > free) continue
      held.push(m)
      free -= bytes
    }
    placed.push(held)
  }
  return placed
}

/**
 * Greedy, node by node: each next model is the one with the highest demand per byte per holder so
 * far. `profit` scores it as fee income less holding cost and stops at a loss-maker; without
 * `profit` (coverage) a node fills its memory, since it earns nothing per request to weigh.
 */
function byShare({ nodes, memory, models, outlook }: PlacementOptions, profit: boolean): number[][] {
  const holders = models.map(() => 0)
  const placed: number[][] = []
  // Holding is priced per GB-hour; requests arrive per second.
  const holdPerByteSecond = profit ? outlook.holdCost / 1e9 / 3600 : 0
  const perRequest = profit ? outlook.fee : 1
  for (let node = 0; node < nodes; node++) {
    const held: number[] = []
    let free = memory
    for (;;) {
      let best = -1
      let bestScore = Number.NEGATIVE_INFINITY
      for (const [m, model] of models.entries()) {
        if (held.includes(m) || model.bytes > free) continue
        const income = (model.share * outlook.rate * perRequest) / ((holders[m] ?? 0) + 1)
        const score = (income - holdPerByteSecond * model.bytes) / model.bytes
        if (score > bestScore) {
          best = m
          bestScore = score
        }
      }
      // A node holds at least one model (it must serve something), and no further loss-maker.
      if (best < 0 || (profit && bestScore <= 0 && held.length > 0)) break
      held.push(best)
      holders[best] = (holders[best] ?? 0) + 1
      free -= models[best]?.bytes ?? 0
    }
    placed.push(held)
  }
  return placed
}
