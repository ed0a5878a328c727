import { describe, expect, it } from 'vitest'
import { createMemoryLedger } from '../../contracts/index.ts'
import { createRunContext, PRIORITY } from '../createRunContext.ts'
import { createFakeInference } from '../fixtures/fakeInference.ts'
import { eventsOf, simulate, specOf } from '../fixtures/simulate.ts'
import { runEventLoop } from '../runEventLoop.ts'
import type { RunSpec } from '../runSpec.ts'
import type { TraceEvent } from '../traceEvent.ts'
import { createVirtualClock } from '../virtualClock.ts'
import { createUptime } from './createUptime.ts'

/** Only the failure processes of `spec`'s hosts, on the run's own queue: no jobs, no chain. */
async function uptimeOnly(spec: RunSpec, probe?: (uptime: ReturnType<typeof createUptime>) => void) {
  const inference = createFakeInference({ tolerance: spec.tolerance })
  const trace: TraceEvent[] = []
  try {
    const ctx = createRunContext(
      spec,
      { inference, ledger: createMemoryLedger(), trace: (e) => trace.push(e) },
      await inference.load(spec.model),
    )
    const uptime = createUptime(ctx)
    for (let host = 0; host < ctx.hosts.length; host++) uptime.start(host, 0)
    probe?.(uptime)
    await runEventLoop(ctx.queue, createVirtualClock())
    return { ctx, trace }
  } finally {
    await inference.close()
  }
}

/** Each host's down intervals [from, to), from the trace's host_down and host_up events. */
function downIntervals(trace: readonly TraceEvent[]): Map<number, [number, number][]> {
  const byHost = new Map<number, [number, number][]>()
  for (const e of trace) {
    if (e.type === 'host_down') {
      const list = byHost.get(e.host) ?? []
      list.push([e.t, e.until])
      byHost.set(e.host, list)
    } else if (e.type === 'host_up') {
      const last = byHost.get(e.host)?.at(-1)
      expect(last?.[1]).toBe(e.t)
    }
  }
  return byHost
}

const withUptime = (spec: RunSpec, meanUp: number, meanDown: number): RunSpec => ({
  ...spec,
  hosts: { ...spec.hosts, uptime: { meanUp, meanDown } },
})

describe('createUptime', () => {
  it('keeps hosts down meanDown ÷ (meanUp + meanDown) of the time, each on its own stream', async () => {
    // 6 hosts × 200,000 s at 100 s up, 50 s down: about 8,000 cycles in all.
    const spec = withUptime({ ...specOf(), duration: 200_000 }, 100, 50)
    const { ctx, trace } = await uptimeOnly(spec)
    const intervals = downIntervals(trace)
    let down = 0
    for (const list of intervals.values())
      for (const [from, to] of list) down += Math.min(to, spec.duration) - from
    const share = down / (spec.duration * ctx.hosts.length)
    expect(share).toBeGreaterThan(1 / 3 - 0.02)
    expect(share).toBeLessThan(1 / 3 + 0.02)
    // Every host failed, none fails after the horizon, and every failure ended.
    expect([...intervals.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5])
    for (const e of eventsOf(trace, 'host_down')) expect(e.t).toBeLessThan(spec.duration)
    expect(eventsOf(trace, 'host_up').length).toBe(eventsOf(trace, 'host_down').length)
    for (const h of ctx.hosts) expect(h.status).toEqual({ state: 'active' })

    // One more host leaves the others' failures where they were.
    const seven = await uptimeOnly({ ...spec, hosts: { ...spec.hosts, count: 7 } })
    const first6 = (t: readonly TraceEvent[]) =>
      t.filter((e) => (e.type === 'host_down' || e.type === 'host_up') && e.host < 6)
    expect(first6(seven.trace)).toEqual(first6(trace))
  })

  it('finishes queued work as many seconds later as its host was down meanwhile', async () => {
    const spec = withUptime({ ...specOf(), duration: 5_000 }, 100, 50)
    const finished: number[] = []
    const { trace } = await uptimeOnly(spec, (uptime) => {
      for (const at of [10, 500, 2_000, 4_000]) uptime.finish(0, at, (now) => void finished.push(now))
    })
    const intervals = downIntervals(trace).get(0) ?? []
    // The same arithmetic by hand: each failure that starts before the work is done pushes it on.
    const expected = [10, 500, 2_000, 4_000].map((at) => {
      let end = at
      for (const [from, to] of intervals) if (from <= end) end += to - from
      return end
    })
    expect(intervals.length).toBeGreaterThan(10)
    expect(finished).toHaveLength(4)
    for (const [i, end] of expected.entries()) expect(finished[i]).toBeCloseTo(end, 6)
    expect(expected.some((end, i) => end > ([10, 500, 2_000, 4_000][i] as number))).toBe(true)
  })

  it('without hosts.uptime draws nothing and finishes work on time', async () => {
    const spec = specOf()
    const finished: number[] = []
    const { trace } = await uptimeOnly(spec, (uptime) =>
      uptime.finish(0, 42, (now) => void finished.push(now)),
    )
    expect(trace).toEqual([])
    expect(finished).toEqual([42])
    expect(PRIORITY.hostStatus).toBeLessThan(PRIORITY.arrival)
  })
})

describe('runSimulation with hosts.uptime', () => {
  it('places no job on a down host and commits nothing while a host is down', async () => {
    const base = specOf({ duration: 600 })
    const spec = withUptime(base, 40, 40)
    const { trace, result } = await simulate({}, { spec })
    const intervals = downIntervals(trace)
    const downAt = (host: number, t: number) =>
      (intervals.get(host) ?? []).some(([from, to]) => t >= from && t < to)
    const jobs = eventsOf(trace, 'job')
    expect(jobs.length).toBeGreaterThan(200)
    expect(eventsOf(trace, 'host_down').length).toBeGreaterThan(20)
    for (const job of jobs) expect(downAt(job.host, job.t), `job ${job.job} on host ${job.host}`).toBe(false)
    for (const commit of eventsOf(trace, 'commit')) expect(downAt(commit.host, commit.t)).toBe(false)
    // Late, not lost: every request placed was served and settled.
    expect(result.counts.results).toBe(result.counts.jobs)
    expect(result.counts.unserved_jobs).toBe(0)
    // Failures make requesters wait: finality is later than in the same run without them.
    const steady = await simulate({}, { spec: base })
    expect(result.metrics.finality_latency_p95).toBeGreaterThan(
      steady.result.metrics.finality_latency_p95 ?? 0,
    )
  })
})
