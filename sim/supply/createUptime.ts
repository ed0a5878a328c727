import { PRIORITY, type RunContext, type Task } from '../createRunContext.ts'
import { exponential } from '../rngStreams.ts'
import type { HostState } from '../runState.ts'

export type Uptime = {
  /** Start host `host`'s failure process at `now` (at set-up, or when a reserve host enters). */
  start(host: number, now: number): void
  /** The host has exited: it fails no more (its queued work still finishes). */
  stop(host: number): void
  /**
   * Run `task` when work host `host` would finish at `at` is done, `at` pushed back by every
   * failure of the host in between.
   */
  finish(host: number, at: number, task: Task): void
}

/**
 * hosts.uptime: each host alternates up for exponential(meanUp) seconds and down for
 * exponential(meanDown), drawn in turn from its own stream (`host-i`, 'uptime'), so one host's
 * failures never move another's. A down host is out of the draw and commits nothing.
 *
 * Work a host had queued when it failed is paused, not lost: the host's compute resumes where
 * it stopped when it recovers, so each unfinished replica (and busyUntil) finishes as many
 * seconds later as the host was down. Requesters see this as latency. The alternatives are worse
 * models of a crashed server: dropping the work would refund fees a requester had already seen
 * accepted, and "everything finishes at recovery" would give the host free compute while down.
 *
 * Failures are drawn only before spec.duration, so the event queue empties after the run;
 * a recovery is always scheduled, so no host stays down with work queued. Without hosts.uptime
 * nothing is drawn or scheduled and `finish` is the plain inference-done event.
 */
export function createUptime(ctx: RunContext): Uptime {
  const { spec } = ctx
  const uptime = spec.hosts.uptime
  // Seconds each host has been down in total, failures counted when they start: a replica
  // waiting to finish is late by what this grew while it waited.
  const downtime = new Float64Array(ctx.hosts.length)
  const stopped = new Uint8Array(ctx.hosts.length)

  const fail = (host: number, now: number) => {
    if (!uptime || stopped[host]) return
    const state = ctx.hosts[host] as HostState
    const draw = ctx.rng.stream(`host-${host}`, 'uptime')
    const until = now + exponential(draw, 1 / uptime.meanDown)
    downtime[host] = (downtime[host] as number) + (until - now)
    // Work ending exactly now has not finished yet: failures run before inference-done events.
    if (state.busyUntil >= now) state.busyUntil += until - now
    ctx.setHostStatus(host, { state: 'down', until })
    ctx.trace({ t: now, type: 'host_down', host, until })
    ctx.at(until, PRIORITY.hostStatus, (t) => recover(host, t))
  }

  const recover = (host: number, now: number) => {
    if ((ctx.hosts[host] as HostState).status.state !== 'down') return
    ctx.setHostStatus(host, { state: 'active' })
    ctx.trace({ t: now, type: 'host_up', host })
    scheduleFailure(host, now)
  }

  const scheduleFailure = (host: number, now: number) => {
    if (!uptime || stopped[host]) return
    const at = now + exponential(ctx.rng.stream(`host-${host}`, 'uptime'), 1 / uptime.meanUp)
    if (at < spec.duration) ctx.at(at, PRIORITY.hostStatus, (t) => fail(host, t))
  }

  const finish = (host: number, at: number, task: Task) => {
    if (!uptime) {
      ctx.at(at, PRIORITY.inferenceDone, task)
      return
    }
    const seen = downtime[host] as number
    ctx.at(at, PRIORITY.inferenceDone, (now) => {
      const late = (downtime[host] as number) - seen
      if (late > 0) finish(host, now + late, task)
      else return task(now)
    })
  }

  return {
    start: scheduleFailure,
    stop(host) {
      stopped[host] = 1
    },
    finish,
  }
}
