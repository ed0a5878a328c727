import { describe, expect, it } from 'vitest'
import { binTimeline, MAX_WINDOWS } from './binTimeline.ts'
import { type TraceEvent, tallyTimeline } from './tallyTimeline.ts'

const ev = (t: number, type: string, extra: Record<string, unknown> = {}): TraceEvent => ({
  replicate: 0,
  t,
  type,
  ...extra,
})

describe('binTimeline', () => {
  it('cuts a 90-day run of a million jobs into at most 80 windows of whole days, every share exact', () => {
    const n = 1_000_000
    const day = 86_400
    const span = 90 * day
    function* events(): Generator<TraceEvent> {
      for (let job = 0; job < n; job++) {
        const t = (job * span) / n
        // Every tenth job cheats, every fifth is checked, each is final an hour after its request.
        yield ev(t, 'job', { job, variant: job % 10 === 0 ? 'skip' : 'honest' })
        if (job % 5 === 0) yield ev(t + 1, 'check', { job })
        yield ev(t + 3600, 'payout', { final: [job] })
      }
    }
    const w = binTimeline(tallyTimeline(events()))
    expect(w).not.toBeNull()
    if (!w) return
    expect(w.starts.length).toBeLessThanOrEqual(MAX_WINDOWS)
    expect(w.width).toBe(2 * day)
    expect(w.starts.length).toBe(46)
    // 45 windows of requests; the last holds only the final hour's payouts.
    for (const rate of w.cheatRate.slice(0, 45)) expect(rate).toBeCloseTo(0.1, 3)
    for (const share of w.checkedShare.slice(0, 45)) expect(share).toBeCloseTo(0.2, 3)
    expect(w.cheatRate[45]).toBeNull()
    expect(w.jobs.reduce((a, b) => a + b, 0)).toBe(n)
    expect(w.finals.reduce((a, b) => a + b, 0)).toBe(n)
    for (const p of [...w.latencyP50, ...w.latencyP95]) expect(p).toBeCloseTo(3600, 6)
  })

  it('counts a job once, in the window it was requested in, and each of its replicas in the cheat rate', () => {
    const tally = tallyTimeline([
      ev(0, 'job', { job: 0, variant: 'honest' }),
      ev(0, 'job', { job: 0, variant: 'skip' }),
      ev(0, 'job', { job: 0, variant: 'honest' }),
      ev(0.2, 'check', { job: 0 }),
      ev(0.3, 'check', { job: 0 }),
      ev(2.5, 'slash', { job: 0, honest: true }),
      // A replicated job is final at its first payout; a later one naming it changes nothing.
      ev(0.5, 'payout', { final: [0] }),
      ev(3, 'payout', { final: [0] }),
      ev(4, 'block'),
    ])
    const w = binTimeline(tally)
    // Four seconds, fewer than 400 jobs: ten windows, the smallest readable width is half a second.
    expect(w?.width).toBe(0.5)
    expect(w?.starts.length).toBe(8)
    expect(w?.jobs).toEqual([1, 0, 0, 0, 0, 0, 0, 0])
    expect(w?.cheatRate[0]).toBe(1 / 3)
    // Checked twice is checked: the share stays in [0, 1].
    expect(w?.checkedShare[0]).toBe(1)
    expect(w?.honestSlashes).toEqual([0, 0, 0, 0, 0, 1, 0, 0])
    expect(w?.finals).toEqual([0, 1, 0, 0, 0, 0, 0, 0])
    expect(w?.latencyP50[1]).toBe(0.5)
  })

  it('gives nothing to draw for a trace with no time span', () => {
    expect(binTimeline(tallyTimeline([ev(0, 'modeled', { note: 'gas' })]))).toBeNull()
  })
})
