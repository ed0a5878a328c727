import type { SweepCounts, SweepEvent } from '../lab/index.ts'
import { formatSweepProgress } from './formatSweepProgress.ts'

export type SweepProgress = { update(event: SweepEvent): void; finish(): void }

type Output = { isTTY?: boolean; write(text: string): unknown }

/**
 * Sweep progress over this shard's runs, from runSweep's events: a redrawn bar with points
 * done, rate and time left on a terminal; a plain line at most every 10 s (and at the end) on a
 * pipe or in CI; nothing with --quiet, and for a shard with no points a line that says so.
 * `finish` is idempotent, so it can run on both the success and error paths.
 */
export function createSweepProgress(
  stream: Output,
  options: { quiet: boolean; ci: boolean; now?: () => number },
): SweepProgress {
  const now = options.now ?? Date.now
  // The rate counts from the first event: planning (building models) is not running.
  let started = 0
  let timer: NodeJS.Timeout | undefined
  let finished = false
  let counts: SweepCounts | undefined
  let lastLine = 0
  const status = (c: SweepCounts) => ({ ...c, elapsed: (now() - started) / 1000 })
  const bar = stream.isTTY && !options.ci
  const draw = () => {
    if (counts) stream.write(`\r\x1b[2K${formatSweepProgress(status(counts), 'bar')}`)
  }
  return {
    update(event) {
      if (options.quiet || finished) return
      if (event.state === 'started') {
        started = now()
        lastLine = started
        if (event.counts.runs.total === 0) {
          // More shards than points (an Indexed Job with spare completions): an empty, valid shard.
          stream.write(
            `sweep: shard ${event.shard.index}/${event.shard.count} gets none of the ${event.points} points; writing an empty shard folder\n`,
          )
          finished = true
          return
        }
        counts = event.counts
        if (bar) {
          draw()
          // Redrawn every second too, so the time left keeps moving during long runs.
          timer = setInterval(draw, 1000)
          timer.unref()
        } else {
          const { runs, points } = counts
          stream.write(
            `sweep: ${runs.done}/${runs.total} runs already done (${points.done}/${points.total} points)\n`,
          )
        }
        return
      }
      counts = event.counts
      if (bar) return draw()
      const t = now()
      if (counts.runs.done === counts.runs.total || t - lastLine >= 10_000) {
        lastLine = t
        stream.write(`${formatSweepProgress(status(counts), 'line')}\n`)
      }
    },
    finish() {
      if (finished) return
      finished = true
      if (timer === undefined) return
      clearInterval(timer)
      stream.write('\r\x1b[2K')
    },
  }
}
