import { formatSweepProgress, type SweepStatus } from './formatSweepProgress.ts'

export type SweepProgress = { done(run: { id: string; point: number }): void; finish(): void }

type Output = { isTTY?: boolean; write(text: string): unknown }

/**
 * Sweep progress over this shard's runs: a redrawn bar with points done, rate and time left on
 * a terminal; a plain line at most every 10 s (and at the end) on a pipe or in CI; nothing
 * with --quiet. `finish` is idempotent, so it can run on both the success and error paths.
 */
export function createSweepProgress(
  stream: Output,
  options: {
    runs: readonly { id: string; point: number }[]
    /** Runs finished before this process started (a resumed sweep). */
    already: ReadonlySet<string>
    quiet: boolean
    ci: boolean
    now?: () => number
  },
): SweepProgress {
  const now = options.now ?? Date.now
  const started = now()
  const left = new Map<number, number>()
  for (const run of options.runs) {
    if (!options.already.has(run.id)) left.set(run.point, (left.get(run.point) ?? 0) + 1)
  }
  const totalPoints = new Set(options.runs.map((r) => r.point)).size
  let runsDone = options.runs.filter((r) => options.already.has(r.id)).length
  let fresh = 0
  let last: string | undefined
  const status = (): SweepStatus => ({
    points: { done: totalPoints - left.size, total: totalPoints },
    runs: { done: runsDone, total: options.runs.length },
    fresh,
    elapsed: (now() - started) / 1000,
    ...(last === undefined ? {} : { last }),
  })
  const record = (run: { id: string; point: number }) => {
    runsDone++
    fresh++
    last = run.id
    const remaining = (left.get(run.point) ?? 1) - 1
    if (remaining > 0) left.set(run.point, remaining)
    else left.delete(run.point)
  }
  if (options.quiet) return { done() {}, finish() {} }

  if (stream.isTTY && !options.ci) {
    const draw = () => stream.write(`\r\x1b[2K${formatSweepProgress(status(), 'bar')}`)
    draw()
    // Redrawn every second too, so the time left keeps moving during long runs.
    const timer = setInterval(draw, 1000)
    timer.unref()
    let finished = false
    return {
      done(run) {
        record(run)
        draw()
      },
      finish() {
        if (finished) return
        finished = true
        clearInterval(timer)
        stream.write('\r\x1b[2K')
      },
    }
  }

  const s = status()
  stream.write(
    `sweep: ${s.runs.done}/${s.runs.total} runs already done (${s.points.done}/${s.points.total} points)\n`,
  )
  let lastLine = started
  return {
    done(run) {
      record(run)
      const t = now()
      if (runsDone === options.runs.length || t - lastLine >= 10_000) {
        lastLine = t
        stream.write(`${formatSweepProgress(status(), 'line')}\n`)
      }
    },
    finish() {},
  }
}
