import type { RunProgress } from '../sim/index.ts'
import { wantsPlainOutput } from './wantsPlainOutput.ts'

export type ProgressSink = { update(p: RunProgress): void; done(): void }

/**
 * A redrawn status line on a terminal; on a pipe or in CI, a plain line at each tenth of the
 * scenario's duration, so logs stay short and readable. `ci` defaults to what the CI variable
 * says, or NO_COLOR or TERM=dumb (see wantsPlainOutput; `CI=false` is not CI).
 */
export function createProgress(
  stream: { isTTY?: boolean; write(text: string): unknown },
  options: { quiet: boolean; ci?: boolean },
): ProgressSink {
  if (options.quiet) return { update() {}, done() {} }
  const ci = options.ci ?? wantsPlainOutput(process.env)
  const line = (p: RunProgress) =>
    `t=${Math.min(p.time, p.duration).toFixed(0)}/${p.duration}s${p.time > p.duration ? ' (draining to finality)' : ''}  jobs ${p.jobs}  blocks ${p.blocks}`
  if (stream.isTTY && !ci) {
    let last = 0
    let drawn = false
    return {
      update(p) {
        const now = Date.now()
        if (now - last < 100) return
        last = now
        drawn = true
        stream.write(`\r\x1b[2K${line(p)}`)
      },
      done() {
        if (drawn) stream.write('\r\x1b[2K')
      },
    }
  }
  let nextTenth = 1
  return {
    update(p) {
      if (p.time < (nextTenth * p.duration) / 10) return
      while (p.time >= (nextTenth * p.duration) / 10) nextTenth++
      stream.write(`${line(p)}\n`)
    },
    done() {},
  }
}
