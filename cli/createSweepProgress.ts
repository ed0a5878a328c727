export type SweepProgress = { done(run: string): void; finish(): void }

/**
 * Sweep progress: a redrawn bar with runs done, rate and time left on a terminal; a plain line
 * every few runs (at most every 10 s) on a pipe or in CI; nothing with --quiet.
 */
export function createSweepProgress(
  stream: NodeJS.WriteStream,
  options: { total: number; already: number; quiet: boolean; ci: boolean; now?: () => number },
): SweepProgress {
  const now = options.now ?? Date.now
  const started = now()
  let done = options.already
  const fresh = () => done - options.already
  const status = () => {
    const elapsed = (now() - started) / 1000
    const rate = elapsed > 0 ? fresh() / elapsed : 0
    const left = rate > 0 ? (options.total - done) / rate : Number.NaN
    const eta = Number.isFinite(left) ? `${formatSeconds(left)} left` : 'estimating'
    return { rate, eta }
  }
  if (options.quiet) return { done() {}, finish() {} }
  if (stream.isTTY && !options.ci) {
    const draw = () => {
      const { rate, eta } = status()
      const width = 30
      const filled = Math.round((done / Math.max(1, options.total)) * width)
      stream.write(
        `\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${options.total} runs  ${rate.toFixed(2)}/s  ${eta}`,
      )
    }
    draw()
    return {
      done() {
        done++
        draw()
      },
      finish() {
        stream.write('\r\x1b[2K')
      },
    }
  }
  let lastLine = started
  stream.write(`sweep: ${options.already}/${options.total} runs already done\n`)
  return {
    done(run) {
      done++
      const t = now()
      if (done === options.total || t - lastLine >= 10_000) {
        lastLine = t
        const { rate, eta } = status()
        stream.write(
          `sweep: ${done}/${options.total} runs (last ${run}), ${rate.toFixed(2)} runs/s, ${eta}\n`,
        )
      }
    },
    finish() {},
  }
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.ceil(s % 60)).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}
