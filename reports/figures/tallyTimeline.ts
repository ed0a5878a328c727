/** A trace.ndjson line: what the timeline reads of it. */
export type TraceEvent = { replicate: number; t: number; type: string } & Record<string, unknown>

/**
 * Replicate 0's trace reduced to what the run timeline draws. Per job (indexed by job id, ids
 * counting from 0): when it was requested, how many hosts it ran on and how many of them cheated,
 * whether a verifier checked it, and when it became final. Per event: when each challenge and
 * slash happened. A job is 19 bytes here (at most as much again of room to grow) where its
 * trace lines were hundreds, which keeps a 90-day market's report within memory.
 */
export type TimelineTally = {
  /** The latest event of any kind: where the timeline ends. */
  end: number
  /** Request time of each job (its first `job` event); NaN for an id the trace never showed. */
  requested: Float64Array
  /** Replicas of each job: its `job` events, one per host it ran on. */
  replicas: Uint8Array
  /** Of those, the replicas that ran a cheating variant. */
  cheating: Uint8Array
  /** 1 when a verifier checked the job at least once. */
  checked: Uint8Array
  /** When each job became final (the payout that named it); NaN for a job that never did. */
  finalAt: Float64Array
  /** Times of the challenges (disputes and games opened). */
  challenges: number[]
  /** Times of slashes of cheating replicas, and of honest ones (false slashes). */
  slashes: { cheater: number[]; honest: number[] }
  /** Whether the trace's payouts name the jobs they made final (traces written before they did do not). */
  finality: boolean
}

/**
 * Tally a run's trace for the timeline. Only replicate 0 is kept: replicates of one point share
 * the scenario, the first shows the dynamics, and summing several would stack runs that never
 * shared a clock.
 */
export function tallyTimeline(events: Iterable<TraceEvent>): TimelineTally {
  let jobs = 0
  let requested = new Float64Array(1024).fill(Number.NaN)
  let finalAt = new Float64Array(1024).fill(Number.NaN)
  let replicas = new Uint8Array(1024)
  let cheating = new Uint8Array(1024)
  let checked = new Uint8Array(1024)
  // Room for job `id`: capacities double, so a million jobs cost eleven copies in all.
  const reach = (id: number) => {
    if (id < requested.length) return
    let size = requested.length
    while (size <= id) size *= 2
    const times = (from: Float64Array) => {
      const to = new Float64Array(size).fill(Number.NaN)
      to.set(from)
      return to
    }
    const bytes = (from: Uint8Array) => {
      const to = new Uint8Array(size)
      to.set(from)
      return to
    }
    requested = times(requested)
    finalAt = times(finalAt)
    replicas = bytes(replicas)
    cheating = bytes(cheating)
    checked = bytes(checked)
  }
  const challenges: number[] = []
  const slashes = { cheater: [] as number[], honest: [] as number[] }
  let end = 0
  let finality = false
  for (const e of events) {
    if (e.replicate !== 0) continue
    end = Math.max(end, e.t)
    const job = typeof e.job === 'number' && Number.isInteger(e.job) && e.job >= 0 ? e.job : undefined
    if (job !== undefined) {
      reach(job)
      jobs = Math.max(jobs, job + 1)
    }
    switch (e.type) {
      case 'job':
        if (job === undefined) break
        requested[job] = earliest(requested[job] as number, e.t)
        // A job runs on a few hosts (k under replication): a byte holds it, saturating past 255.
        replicas[job] = Math.min(255, (replicas[job] as number) + 1)
        if (e.variant !== 'honest') cheating[job] = Math.min(255, (cheating[job] as number) + 1)
        break
      case 'check':
        if (job !== undefined) checked[job] = 1
        break
      case 'challenge':
        challenges.push(e.t)
        break
      case 'slash':
        ;(e.honest === true ? slashes.honest : slashes.cheater).push(e.t)
        break
      case 'payout':
        if (!Array.isArray(e.final)) break
        finality = true
        for (const id of e.final) {
          if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) continue
          reach(id)
          jobs = Math.max(jobs, id + 1)
          finalAt[id] = earliest(finalAt[id] as number, e.t)
        }
        break
    }
  }
  // A trace is written in virtual-time order; events built by hand need not be.
  challenges.sort((a, b) => a - b)
  slashes.cheater.sort((a, b) => a - b)
  slashes.honest.sort((a, b) => a - b)
  return {
    end,
    // Views, not copies: a million jobs' arrays are not held twice.
    requested: requested.subarray(0, jobs),
    replicas: replicas.subarray(0, jobs),
    cheating: cheating.subarray(0, jobs),
    checked: checked.subarray(0, jobs),
    finalAt: finalAt.subarray(0, jobs),
    challenges,
    slashes,
    finality,
  }
}

/** The earlier of a time so far (NaN: none yet) and `t`. */
function earliest(sofar: number, t: number): number {
  return Number.isNaN(sofar) ? t : Math.min(sofar, t)
}
