import type { SweepRecord } from './writeRunFolder.ts'

/**
 * The distinct super-individual weights and periods of a folder's demand-market runs, by weight
 * then period: what its manifest and summary state, so no reader takes a simulated requester for
 * one real requester. Empty when no run had a market. A sweep may vary demand.weight, so a folder
 * can hold several.
 */
export function superIndividuals(records: readonly SweepRecord[]): { weight: number; period: number }[] {
  const seen = new Map<string, { weight: number; period: number }>()
  for (const r of records)
    if (r.market)
      seen.set(`${r.market.weight}/${r.market.period}`, { weight: r.market.weight, period: r.market.period })
  return [...seen.values()].sort((a, b) => a.weight - b.weight || a.period - b.period)
}
