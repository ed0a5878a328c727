import { describe, expect, it } from 'vitest'
import { formatParetoTable } from './formatParetoTable.ts'
import type { Evaluation } from './searchTunables.ts'

const e = (p: number, objective: number | null, margin: number | null): Evaluation => ({
  params: { 'protocol.p': p },
  safe: margin !== null && margin > 0,
  objective,
  margin,
})

describe('formatParetoTable', () => {
  it('has a row per front setting, a column per parameter, and marks the best', () => {
    const front = [e(0.05, 0.00123456, -0.01), e(0.1, 0.0015, 0.02), e(0.2, 0.002, 0.05)]
    const html = formatParetoTable({
      objective: 'cost_per_verified_inference',
      pareto: front,
      best: front[1]!,
    })
    expect(html).toMatch(/^<section data-table="pareto"><h2>Pareto front: cost_per_verified_inference/)
    expect(html).toContain(
      '<thead><tr><th>protocol.p</th><th>cost_per_verified_inference</th><th>smallest invariant margin</th><th>verdict</th></tr></thead>',
    )
    const rows = html.match(/<tr[ >].*<\/tr>/g) ?? []
    expect(rows).toHaveLength(4)
    expect(rows[1]).toBe('<tr><td>0.05</td><td>0.001235</td><td>-0.01</td><td>unsafe</td></tr>')
    expect(rows[2]).toBe('<tr class="best"><td>0.1</td><td>0.0015</td><td>0.02</td><td>safe (best)</td></tr>')
  })

  it('escapes every text and says so when the front is empty', () => {
    const odd: Evaluation = { params: { '<b>x</b>': 1 }, safe: true, objective: 1, margin: 1 }
    const html = formatParetoTable({ objective: 'a&b', pareto: [odd], best: null })
    expect(html).not.toContain('<b>')
    expect(html).toContain('<th>&lt;b&gt;x&lt;/b&gt;</th>')
    expect(html).toContain('a&amp;b')
    expect(formatParetoTable({ objective: 'verification_overhead', pareto: [], best: null })).toMatch(
      /<p class="note">No evaluated setting had both a defined verification_overhead/,
    )
  })
})
