import { BaseError } from '../errors/index.ts'
import { PRIORITY, type RunContext } from './createRunContext.ts'
import type { InferencePort, InferenceRequest, InferenceResult } from './ports.ts'
import { runKey } from './runKey.ts'
import type { HostState, Replica } from './runState.ts'

export type Serving = {
  /**
   * Host `host` receives `request` for `replica` at `now`, which keeps it busy `seconds` of virtual
   * time; the result comes when the batch the request joins has run. `finish` runs once per batch,
   * with its end time and its replicas, for the lifecycle to hand them on to commitment.
   */
  serve(
    now: number,
    host: number,
    replica: Replica,
    request: InferenceRequest,
    seconds: number,
  ): Promise<InferenceResult>
}

type Waiting = {
  replica: Replica
  request: InferenceRequest
  seconds: number
  arrivedAt: number
  resolve(result: InferenceResult): void
  reject(error: unknown): void
}

/**
 * Hosts that batch the requests waiting for them, as inference servers do (issue 19,
 * hosts.serving). A host starts a batch when it is free and either maxBatch requests of one run
 * (one model, variant and hardware) wait or the oldest has waited maxWait seconds; the batch takes the oldest request's run
 * (a lazy host's cheat and honest requests are two models, never one batch) and the requests of
 * that run after it, oldest first, up to maxBatch. Every job of the batch finishes at its start +
 * the sum of the jobs' compute seconds (a decoder's: their generation seconds): no batched
 * speed-up is assumed, since none is measured in virtual-time units here. Everything is decided in virtual time from the event queue, so the
 * composition, and with it the batch's bits, never depends on threads.
 */
export function createServing(
  ctx: RunContext,
  port: Pick<InferencePort, 'inferBatch'>,
  finish: (host: number, at: number, replicas: Replica[]) => void,
): Serving {
  const { maxBatch, maxWait } = ctx.spec.hosts.serving
  const inferBatch = port.inferBatch?.bind(port)
  if (!inferBatch) {
    throw new BaseError(
      `hosts.serving.maxBatch is ${maxBatch}, but this inference port runs no batches (inferBatch): use the onnxruntime pool, or set maxBatch: 1`,
    )
  }
  const waiting = new Map<number, Waiting[]>()
  // The earliest wake-up already on the queue per host, so a burst of arrivals adds one event.
  const wakeAt = new Map<number, number>()

  const wake = (host: number, at: number) => {
    const pending = wakeAt.get(host)
    if (pending !== undefined && pending <= at) return
    wakeAt.set(host, at)
    // After every arrival at the same virtual time (PRIORITY.arrival), so they can join the batch.
    ctx.at(at, PRIORITY.inferenceDone, (now) => {
      if (wakeAt.get(host) === at) wakeAt.delete(host)
      tryStart(host, now)
    })
  }

  const tryStart = (host: number, now: number) => {
    const queue = waiting.get(host)
    const oldest = queue?.[0]
    if (!queue || !oldest) return
    const state = ctx.hosts[host] as HostState
    if (state.busyUntil > now) return wake(host, state.busyUntil)
    // A catalog's models never share a batch: one session runs one model.
    const keyOf = (request: InferenceRequest) => `${request.modelId} ${runKey(request)}`
    const key = keyOf(oldest.request)
    const same = queue.filter((w) => keyOf(w.request) === key).slice(0, maxBatch)
    // The deadline as the wake-up was scheduled: `now - arrivedAt < maxWait` can round below
    // maxWait at that very time and wake the host again at the same instant, forever.
    const due = oldest.arrivedAt + maxWait
    if (same.length < maxBatch && now < due) return wake(host, due)
    const taken = new Set(same)
    waiting.set(
      host,
      queue.filter((w) => !taken.has(w)),
    )
    const inputSeeds = same.map((w) => w.request.inputSeed)
    // A decoder's batch is re-created with every job's order: their lengths shape the batch.
    const orders = same.flatMap((w) => (w.request.generation ? [w.request.generation] : []))
    const shape = orders.length === same.length ? { orders } : {}
    let seconds = 0
    for (const [index, w] of same.entries()) {
      seconds += w.seconds
      w.replica.batch = { inputSeeds, index, ...shape }
    }
    state.busyUntil = now + seconds
    ctx.trace({
      t: now,
      type: 'serve',
      host,
      jobs: same.map((w) => w.replica.job.id),
      until: state.busyUntil,
    })
    inferBatch(same.map((w) => w.request)).then(
      (results) => {
        for (const [i, w] of same.entries()) w.resolve(results[i] as InferenceResult)
      },
      (error: unknown) => {
        for (const w of same) w.reject(error)
      },
    )
    finish(
      host,
      state.busyUntil,
      same.map((w) => w.replica),
    )
    if ((waiting.get(host)?.length ?? 0) > 0) wake(host, state.busyUntil)
  }

  return {
    serve(now, host, replica, request, seconds) {
      return new Promise<InferenceResult>((resolve, reject) => {
        let queue = waiting.get(host)
        if (!queue) {
          queue = []
          waiting.set(host, queue)
        }
        queue.push({ replica, request, seconds, arrivedAt: now, resolve, reject })
        wake(host, now)
      })
    },
  }
}
