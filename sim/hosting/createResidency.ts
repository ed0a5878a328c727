import { BaseError } from '../../errors/index.ts'
import type { HostedModel, NodeRole } from './types.ts'

/** A cold load: when it started (the first free storage node), when it ended, and its tokens. */
export type ColdLoad = { start: number; end: number; seconds: number; cost: number }

export type ResidencyOptions = {
  models: readonly HostedModel[]
  memory: Record<NodeRole, number>
  /** Each node's models at the start, least recently used first (placeModels). */
  initial: Record<NodeRole, readonly (readonly number[])[]>
  /** Bytes per second a node loads at, at most. */
  loadBandwidth: number
  /** Storage nodes serving model bytes, and the bytes per second each serves. */
  storage: { nodes: number; bandwidth: number }
  /** Tokens per GB loaded. */
  loadCost: number
  /** Tokens per GB-hour held. */
  holdCost: number
  /** A node paid `cost` tokens for holding (`hold`) or loading (`load`). */
  charge(role: NodeRole, node: number, kind: 'hold' | 'load', cost: number): void
  /** A node now holds `model` (`held`), or evicted it. */
  changed?(role: NodeRole, node: number, model: number, held: boolean): void
}

export type Residency = {
  holds(role: NodeRole, node: number, model: number): boolean
  /**
   * Node `node` is about to run `model`, at the earliest at `from`: marks it most recently used,
   * or, when the node does not hold it, evicts least recently used models until it fits and
   * loads it from the first free storage node. Null when it was already held.
   */
  use(role: NodeRole, node: number, model: number, from: number): ColdLoad | null
  /** Charge every node's holding up to `now` (the end of the run). */
  finish(now: number): void
}

type NodeState = { held: Map<number, number>; used: number }

/**
 * Which models each node keeps in memory, in LRU order, and what keeping and loading them
 * costs. Holding is charged over the time held: at each eviction and at the run's end. The
 * initial placement was loaded before the run: its load cost is charged at time 0, with no wait.
 */
export function createResidency(options: ResidencyOptions): Residency {
  const { models, memory, loadBandwidth, storage, loadCost, holdCost, charge } = options
  const bytesOf = (m: number) => models[m]?.bytes ?? 0
  const gb = (m: number) => bytesOf(m) / 1e9
  const nodes: Record<NodeRole, NodeState[]> = { host: [], verifier: [] }
  for (const role of ['host', 'verifier'] as const)
    for (const [node, held] of options.initial[role].entries()) {
      const state: NodeState = { held: new Map(), used: 0 }
      for (const m of held) {
        state.held.set(m, 0)
        state.used += bytesOf(m)
        if (loadCost > 0) charge(role, node, 'load', loadCost * gb(m))
      }
      nodes[role].push(state)
    }
  const storageFree = Array.from({ length: storage.nodes }, () => 0)
  const rate = Math.min(loadBandwidth, storage.bandwidth)
  const stateOf = (role: NodeRole, node: number) => {
    const state = nodes[role][node]
    if (!state) throw new BaseError(`no ${role} ${node} in the residency (${nodes[role].length} ${role}s)`)
    return state
  }
  const holding = (role: NodeRole, node: number, m: number, since: number, now: number) => {
    const cost = holdCost * gb(m) * (Math.max(0, now - since) / 3600)
    if (cost > 0) charge(role, node, 'hold', cost)
  }

  return {
    holds: (role, node, model) => stateOf(role, node).held.has(model),
    use(role, node, model, from) {
      const state = stateOf(role, node)
      const since = state.held.get(model)
      if (since !== undefined) {
        // Re-inserted last: a Map iterates in insertion order, which is the LRU order.
        state.held.delete(model)
        state.held.set(model, since)
        return null
      }
      const bytes = bytesOf(model)
      if (bytes > memory[role])
        throw new BaseError(`model ${model} (${bytes} bytes) cannot fit a ${role}'s ${memory[role]} bytes`)
      let slot = 0
      for (let s = 1; s < storageFree.length; s++)
        if ((storageFree[s] as number) < (storageFree[slot] as number)) slot = s
      const start = Math.max(from, storageFree[slot] as number)
      const seconds = bytes / rate
      const end = start + seconds
      storageFree[slot] = end
      for (const [old, oldSince] of state.held) {
        if (state.used + bytes <= memory[role]) break
        state.held.delete(old)
        state.used -= bytesOf(old)
        holding(role, node, old, oldSince, start)
        options.changed?.(role, node, old, false)
      }
      state.held.set(model, start)
      state.used += bytes
      options.changed?.(role, node, model, true)
      const cost = loadCost * gb(model)
      if (cost > 0) charge(role, node, 'load', cost)
      return { start, end, seconds, cost }
    },
    finish(now) {
      for (const role of ['host', 'verifier'] as const)
        for (const [node, state] of nodes[role].entries())
          for (const [m, since] of state.held) holding(role, node, m, since, now)
    },
  }
}
