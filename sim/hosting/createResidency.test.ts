import { describe, expect, it } from 'vitest'
import { createResidency, type ResidencyOptions } from './createResidency.ts'

const GB = 1e9

function residency(overrides: Partial<ResidencyOptions> = {}) {
  const charges: { role: string; node: number; kind: string; cost: number }[] = []
  const r = createResidency({
    models: [
      { share: 0.5, bytes: 2 * GB },
      { share: 0.3, bytes: 1 * GB },
      { share: 0.2, bytes: 1 * GB },
    ],
    memory: { host: 3 * GB, verifier: 2 * GB },
    initial: { host: [[0, 1], []], verifier: [[0]] },
    loadBandwidth: 2 * GB,
    storage: { nodes: 1, bandwidth: 1 * GB },
    loadCost: 0,
    holdCost: 0,
    charge: (role, node, kind, cost) => charges.push({ role, node, kind, cost }),
    ...overrides,
  })
  return { r, charges }
}

describe('createResidency', () => {
  it('runs a held model without a load', () => {
    const { r } = residency()
    expect(r.use('host', 0, 1, 5)).toBeNull()
  })

  it('loads at the slower of node and storage bandwidth, evicting the least recently used', () => {
    const { r } = residency()
    // Host 0 holds 0 (2 GB) and 1 (1 GB), full; using 0 makes 1 the least recently used.
    expect(r.use('host', 0, 0, 0)).toBeNull()
    const load = r.use('host', 0, 2, 10)
    expect(load).toEqual({ start: 10, end: 11, seconds: 1, cost: 0 })
    expect(r.holds('host', 0, 1)).toBe(false)
    expect(r.holds('host', 0, 0)).toBe(true)
    expect(r.holds('host', 0, 2)).toBe(true)
  })

  it('queues loads on the storage nodes: the second waits for the first free one', () => {
    const { r } = residency()
    const first = r.use('host', 1, 0, 0)
    const second = r.use('verifier', 0, 1, 0)
    expect(first?.end).toBe(2)
    // The verifier's 2 GB is full with model 0: it evicts it, and its load waits for storage.
    expect(second).toEqual({ start: 2, end: 3, seconds: 1, cost: 0 })
    const two = residency({ storage: { nodes: 2, bandwidth: 1 * GB } }).r
    two.use('host', 1, 0, 0)
    expect(two.use('verifier', 0, 1, 0)?.start).toBe(0)
  })

  it('charges loading per GB and holding per GB-hour, at eviction and at the end', () => {
    const { r, charges } = residency({ loadCost: 0.5, holdCost: 2 })
    // The initial placement's loads: host 0 loads 3 GB, verifier 0 loads 2 GB.
    const loads = charges.filter((c) => c.kind === 'load').map((c) => c.cost)
    expect(loads).toEqual([1, 0.5, 1])
    charges.length = 0
    // At t = 3600 host 0 evicts model 0 (2 GB held one hour: 4 tokens) to load model 2.
    r.use('host', 0, 1, 0)
    r.use('host', 0, 2, 3600)
    expect(charges).toEqual([
      { role: 'host', node: 0, kind: 'hold', cost: 4 },
      { role: 'host', node: 0, kind: 'load', cost: 0.5 },
    ])
    charges.length = 0
    r.finish(7200)
    const held = Object.fromEntries(charges.map((c) => [`${c.role} ${c.node}`, 0]))
    for (const c of charges) held[`${c.role} ${c.node}`] = (held[`${c.role} ${c.node}`] ?? 0) + c.cost
    // Host 0: model 1 (1 GB, two hours: 4) and model 2 (1 GB from 3600, one hour: 2); verifier 0: 2 GB × 2 h × 2.
    expect(held).toEqual({ 'host 0': 6, 'verifier 0': 8 })
  })

  it('tells who now holds what', () => {
    const changes: string[] = []
    const { r } = residency({
      changed: (role, node, model, held) => changes.push(`${role} ${node} ${model} ${held}`),
    })
    r.use('host', 0, 2, 0)
    expect(changes).toEqual(['host 0 0 false', 'host 0 2 true'])
  })
})
