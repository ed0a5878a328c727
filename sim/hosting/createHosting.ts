import type { HostingTally } from '../computeMetrics.ts'
import { createWeightedPicker, type WeightedPicker } from '../createWeightedPicker.ts'
import type { RngStreams } from '../rngStreams.ts'
import type { CatalogSpec } from '../runSpec.ts'
import type { HostState, VerifierState } from '../runState.ts'
import type { TraceEvent } from '../traceEvent.ts'
import { type ColdLoad, createResidency } from './createResidency.ts'
import { placeModels } from './placeModels.ts'

/** A run's hosting layer: who holds which model, the per-model host draw, and cold loads. */
export type Hosting = {
  /** Stake-weighted draw among the hosts that hold `model` (weights kept by `reweigh`). */
  holders(model: number): WeightedPicker
  /** Host `host`'s weight in the draw changed (stake, status): every model it holds follows. */
  reweigh(host: number, weight: number): void
  /**
   * At `now`, a host or verifier is about to run `model` at `from` or later: cold-loads it if it
   * does not hold it (traced at `now`, so the trace stays in time order).
   */
  load(role: 'host' | 'verifier', node: number, model: number, now: number, from: number): ColdLoad | null
  /** Charge holding up to `now` (the run's end). */
  finish(now: number): void
}

/**
 * Place the catalog's models on hosts and verifiers at set-up (each node's own 'placement'
 * stream, new so that no other draw moves) and keep their residency during the run. Holding and
 * loading are charged to the node: a host's into its compute cost, a verifier's into its
 * verification cost; both go into `tally`.
 */
export function createHosting(options: {
  catalog: CatalogSpec
  rng: RngStreams
  hosts: readonly HostState[]
  verifiers: readonly VerifierState[]
  /** A host's weight in the stake-weighted draw (0: not eligible). */
  weightOf: (host: HostState) => number
  /** Requests per second and fee per request, for the profit placement. */
  outlook: { rate: number; fee: number }
  tally: HostingTally
  trace: (event: TraceEvent) => void
}): Hosting {
  const { catalog, rng, hosts, verifiers, weightOf, tally } = options
  const models = catalog.models.map(({ share, bytes }) => ({ share, bytes }))
  const place = (role: 'host' | 'verifier', nodes: number) =>
    placeModels({
      nodes,
      memory: catalog.memory[role],
      models,
      // Verifiers earn no fee per check here (their income is slashes' shares and jackpots), so
      // a fee-and-holding profit says nothing about what they should hold: under the profit
      // policy they cover the check load instead.
      policy: role === 'verifier' && catalog.placement === 'profit' ? 'coverage' : catalog.placement,
      draw: (node) => rng.stream(`${role}-${node}`, 'placement'),
      outlook: { ...options.outlook, holdCost: catalog.holdCost },
    })
  const initial = { host: place('host', hosts.length), verifier: place('verifier', verifiers.length) }
  const weights = hosts.map((h) => weightOf(h))
  const pickers = models.map((_, m) =>
    createWeightedPicker(hosts.map((_, h) => (initial.host[h]?.includes(m) ? (weights[h] ?? 0) : 0))),
  )
  const residency = createResidency({
    models,
    memory: catalog.memory,
    initial,
    loadBandwidth: catalog.loadBandwidth,
    storage: catalog.storage,
    loadCost: catalog.loadCost,
    holdCost: catalog.holdCost,
    charge(role, node, kind, cost) {
      if (role === 'host') {
        const host = hosts[node]
        if (host) host.computeCost += cost
        if (kind === 'hold') tally.hostHolding += cost
        else tally.hostLoading += cost
        return
      }
      const verifier = verifiers[node]
      if (verifier) verifier.computeCost += cost
      if (kind === 'hold') tally.verifierHolding += cost
      else tally.verifierLoading += cost
    },
    changed(role, node, model, held) {
      if (role === 'host') pickers[model]?.set(node, held ? (weights[node] ?? 0) : 0)
    },
  })
  return {
    holders: (model) => pickers[model] as WeightedPicker,
    reweigh(host, weight) {
      weights[host] = weight
      for (const [m, picker] of pickers.entries())
        if (residency.holds('host', host, m)) picker.set(host, weight)
    },
    load(role, node, model, now, from) {
      const load = residency.use(role, node, model, from)
      if (load) options.trace({ t: now, type: 'load', role, node, model, seconds: load.seconds })
      return load
    },
    finish: (now) => residency.finish(now),
  }
}
