import type { SweepRecord } from '../reports/index.ts'
import { hasCheaters } from '../sim/index.ts'
import type { PlannedRun } from './planScenario.ts'

/** One point of a detection sweep: what a cheat cost its host, and what honest hosts paid for the test. */
export type DetectionRow = {
  point: number
  /** The cheat lazy and adaptive hosts ran, or null when the point has none (honest hosts only). */
  cheat: string | null
  runs: number
  /**
   * Mean over runs of detection_latency_tokens (output tokens a cheater's sequential test had seen
   * when it convicted); null when no run convicted anyone.
   */
  tokensToDetect: number | null
  /** Bad results slashed ÷ bad results, pooled over the point's runs; null without bad results. */
  detectionRate: number | null
  badResults: number
  /** Bad results that reached finality unchallenged. */
  badFinal: number
  honestResults: number
  /** Honest results slashed: every one is a false slash. */
  falseSlashes: number
}

/**
 * A detection sweep (a decoder scenario with protocol.detection, varying hosts.variant) as one
 * row per point, in point order, from its planned runs (which say whether a point has cheaters)
 * and its finished records. Points with no finished run are left out (a shard's sweep).
 */
export function tabulateDetection(sweep: {
  runs: readonly Pick<PlannedRun, 'point' | 'spec'>[]
  records: readonly SweepRecord[]
}): DetectionRow[] {
  const rows: DetectionRow[] = []
  const points = [...new Set(sweep.records.map((r) => r.point))].sort((a, b) => a - b)
  for (const point of points) {
    const records = sweep.records.filter((r) => r.point === point)
    const spec = sweep.runs.find((r) => r.point === point)?.spec
    const cheaters = spec ? hasCheaters(spec.hosts.shares) : true
    const sum = (count: string) => records.reduce((total, r) => total + (r.counts[count] ?? 0), 0)
    const latencies = records
      .map((r) => r.metrics.detection_latency_tokens)
      .filter((v): v is number => v !== null)
    const badResults = sum('bad_results')
    rows.push({
      point,
      cheat: cheaters ? (spec?.hosts.variant ?? String(records[0]?.params['hosts.variant'] ?? '?')) : null,
      runs: records.length,
      tokensToDetect: latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : null,
      detectionRate: badResults > 0 ? sum('detected') / badResults : null,
      badResults,
      badFinal: sum('undetected'),
      honestResults: sum('honest_results'),
      falseSlashes: sum('false_slashes'),
    })
  }
  return rows
}
