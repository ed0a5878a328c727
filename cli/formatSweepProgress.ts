import { formatSeconds } from './formatSeconds.ts'

export type SweepStatus = {
  points: { done: number; total: number }
  runs: { done: number; total: number }
  /** Runs finished by this process, in `elapsed` seconds: resumed runs took no time here. */
  fresh: number
  elapsed: number
  /** The run that finished last, as `point-replicate`. */
  last?: string
}

/**
 * One progress report of a sweep: `bar` is the line a terminal redraws in place, `line` the
 * plain line a log gets. A point is done when all its replicates are; the rate and time left
 * count runs, the unit of work, so they move between points.
 */
export function formatSweepProgress(status: SweepStatus, style: 'bar' | 'line', width = 30): string {
  const { points, runs } = status
  const rate = status.elapsed > 0 ? status.fresh / status.elapsed : 0
  const left =
    runs.done >= runs.total
      ? 'done'
      : rate > 0
        ? `${formatSeconds((runs.total - runs.done) / rate)} left`
        : 'estimating'
  const speed = formatRate(rate)
  if (style === 'line') {
    const last = status.last ? ` (last ${status.last})` : ''
    return `sweep: ${points.done}/${points.total} points, ${runs.done}/${runs.total} runs${last}, ${speed}, ${left}`
  }
  const filled = runs.total > 0 ? Math.min(width, Math.floor((runs.done / runs.total) * width)) : width
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`
  return `${bar} ${points.done}/${points.total} points  ${runs.done}/${runs.total} runs  ${speed}  ${left}`
}

/** Runs per second, or per minute or hour for sweeps of long runs, so the number never reads 0.00. */
function formatRate(perSecond: number): string {
  if (perSecond >= 1 || perSecond === 0) return `${perSecond.toFixed(2)} runs/s`
  if (perSecond * 60 >= 1) return `${(perSecond * 60).toFixed(2)} runs/min`
  return `${(perSecond * 3600).toFixed(2)} runs/h`
}
