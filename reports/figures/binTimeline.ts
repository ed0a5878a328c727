import { percentile } from '../../sim/index.ts'
import type { TimelineTally } from './tallyTimeline.ts'

/** Windows the timeline is cut into at most, and the jobs it wants in each before it cuts finer. */
export const MAX_WINDOWS = 80
const MIN_WINDOWS = 10
const JOBS_PER_WINDOW = 40

/** Window widths a reader can count in (s): 1-2-5 below a minute, then clock and calendar steps. */
const STEPS = [
  1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800,
  604800,
]

/**
 * A run's timeline cut into windows of one width from t = 0 to its last event. A job counts in
 * the window it was requested in (what share of the jobs asked for then cheated, or were
 * checked), a challenge or slash in the window it happened in, and a finality latency in the
 * window its job became final in. A rate is null in a window without its denominator.
 */
export type TimelineWindows = {
  /** Window width (s). */
  width: number
  /** Start of each window (s). */
  starts: number[]
  /** Jobs requested in the window. */
  jobs: number[]
  /** Cheating replicas ÷ replicas, of the jobs requested in the window (a job runs on k hosts under replication). */
  cheatRate: (number | null)[]
  /** Jobs a verifier checked at least once ÷ jobs, of those requested in the window. */
  checkedShare: (number | null)[]
  challenges: number[]
  cheaterSlashes: number[]
  honestSlashes: number[]
  /** Jobs that became final in the window, and their finality latency's p50 and p95 (s). */
  finals: number[]
  latencyP50: (number | null)[]
  latencyP95: (number | null)[]
}

/**
 * Cut a tally into windows: about one per JOBS_PER_WINDOW jobs, between MIN_WINDOWS and
 * MAX_WINDOWS, of the smallest readable width (STEPS) that covers the run in that many. Fewer
 * jobs per window and the rates jump between 0 and 1; more windows than that and a screen
 * cannot tell them apart. Null for a run with no time span.
 */
export function binTimeline(tally: TimelineTally): TimelineWindows | null {
  const { end } = tally
  if (!(end > 0)) return null
  const jobCount = tally.replicas.reduce((n, r) => n + (r > 0 ? 1 : 0), 0)
  const target = Math.min(MAX_WINDOWS, Math.max(MIN_WINDOWS, Math.round(jobCount / JOBS_PER_WINDOW)))
  const width = niceWidth(end / target)
  const n = Math.max(1, Math.ceil(end / width))
  // The last event sits on the last window's end, not past it.
  const at = (t: number) => Math.min(n - 1, Math.max(0, Math.floor(t / width)))
  const zeros = () => new Array<number>(n).fill(0)
  const jobs = zeros()
  const replicas = zeros()
  const cheating = zeros()
  const checked = zeros()
  const latencies: number[][] = Array.from({ length: n }, () => [])
  for (let id = 0; id < tally.requested.length; id++) {
    const t = tally.requested[id] as number
    const placed = tally.replicas[id] as number
    if (!Number.isNaN(t) && placed > 0) {
      const w = at(t)
      jobs[w] = (jobs[w] as number) + 1
      replicas[w] = (replicas[w] as number) + placed
      cheating[w] = (cheating[w] as number) + (tally.cheating[id] as number)
      checked[w] = (checked[w] as number) + (tally.checked[id] as number)
    }
    const final = tally.finalAt[id] as number
    if (!Number.isNaN(t) && !Number.isNaN(final)) (latencies[at(final)] as number[]).push(final - t)
  }
  const count = (times: readonly number[]) => {
    const per = zeros()
    for (const t of times) per[at(t)] = (per[at(t)] as number) + 1
    return per
  }
  return {
    width,
    starts: Array.from({ length: n }, (_, i) => i * width),
    jobs,
    cheatRate: cheating.map((c, i) => ((replicas[i] as number) > 0 ? c / (replicas[i] as number) : null)),
    checkedShare: checked.map((c, i) => ((jobs[i] as number) > 0 ? c / (jobs[i] as number) : null)),
    challenges: count(tally.challenges),
    cheaterSlashes: count(tally.slashes.cheater),
    honestSlashes: count(tally.slashes.honest),
    finals: latencies.map((l) => l.length),
    latencyP50: latencies.map((l) => percentile(l, 0.5)),
    latencyP95: latencies.map((l) => percentile(l, 0.95)),
  }
}

/** The smallest readable width at least `least` seconds: a step of STEPS, or 1-2-5 beyond them. */
function niceWidth(least: number): number {
  const step = STEPS.find((s) => s >= least)
  if (step !== undefined && least >= 1) return step
  // Below a second, or beyond a week: 1, 2 or 5 times a power of ten (of weeks past a week).
  const unit = least < 1 ? 1 : (STEPS.at(-1) as number)
  const scaled = least / unit
  const decade = 10 ** Math.floor(Math.log10(scaled))
  const mantissa = [1, 2, 5, 10].find((m) => m * decade >= scaled) as number
  return mantissa * decade * unit
}
