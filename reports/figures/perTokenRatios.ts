import type { SweepRecord } from '../writeRunFolder.ts'

/** One decoder size's line in one mode: (mean output tokens per job, ratio) sorted by tokens. */
export type RatioLine = {
  decoder: string
  params: number
  points: { tokens: number; ratio: number }[]
}

/** A decoder sweep's per-token ratios, by mode in first-seen order, sizes by parameters. */
export type PerTokenRatios = {
  modes: { mode: string; lines: RatioLine[] }[]
  /** Machine profiles the costs were priced on. */
  hardware: string[]
  /** Whether any, and every, run's decoder size is modeled rather than the decoder that ran. */
  modeled: 'all' | 'some' | 'none'
}

/**
 * Verification compute per generated token ÷ generation compute per token, for every decoder run
 * of `records`, or null when none has `generation`. Replicates of one mode, decoder and output
 * length are averaged. The x value is the mean output tokens per job (tokens generated ÷ jobs),
 * which is the swept output length when the workload's is fixed, and still means something when
 * it is drawn. Runs that generated nothing have no ratio and are left out.
 */
export function perTokenRatios(records: readonly SweepRecord[]): PerTokenRatios | null {
  const runs = records.filter((r) => r.generation)
  if (runs.length === 0) return null
  const modes = new Map<string, Map<string, { params: number; at: Map<number, number[]> }>>()
  for (const r of runs) {
    const g = r.generation as NonNullable<SweepRecord['generation']>
    const tokens = r.metrics.tokens_generated
    const check = r.metrics.verification_cost_per_token
    const generate = r.metrics.generation_cost_per_token
    const jobs = r.counts.jobs ?? 0
    if (tokens === null || check === null || generate === null || generate <= 0 || jobs === 0) continue
    const sizes = modes.get(r.mode) ?? new Map()
    modes.set(r.mode, sizes)
    const line = sizes.get(g.decoder) ?? { params: g.decoderParams, at: new Map<number, number[]>() }
    sizes.set(g.decoder, line)
    const x = tokens / jobs
    line.at.set(x, [...(line.at.get(x) ?? []), check / generate])
  }
  return {
    modes: [...modes.entries()].map(([mode, sizes]) => ({
      mode,
      lines: [...sizes.entries()]
        .map(([decoder, { params, at }]) => ({
          decoder,
          params,
          points: [...at.entries()]
            .map(([tokens, ratios]) => ({ tokens, ratio: ratios.reduce((a, b) => a + b, 0) / ratios.length }))
            .sort((a, b) => a.tokens - b.tokens),
        }))
        .sort((a, b) => a.params - b.params || a.decoder.localeCompare(b.decoder)),
    })),
    hardware: [
      ...new Set(runs.map((r) => (r.generation as NonNullable<SweepRecord['generation']>).hardware)),
    ],
    modeled: runs.every((r) => r.generation?.modeled)
      ? 'all'
      : runs.some((r) => r.generation?.modeled)
        ? 'some'
        : 'none',
  }
}
