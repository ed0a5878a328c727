import type { Generation } from '../createGeneration.ts'
import { PRIORITY, type RunContext, type Task } from '../createRunContext.ts'
import { demandWeighted } from '../hosting/demandWeighted.ts'
import { NETWORK, type SupplySample } from '../market/types.ts'
import { middleOrder } from '../middleOrder.ts'
import { factorOf } from '../modes/factorOf.ts'
import type { ModeHandler } from '../modes/types.ts'
import type { GenerationOrder } from '../ports.ts'
import { createHostEntry } from './createHostEntry.ts'
import { createUptime } from './createUptime.ts'

/**
 * The network's supply side as the run loop drives it (issue 16): hosts that fail and recover
 * (hosts.uptime, createUptime), enter and exit by trailing profit (hosts.entry,
 * createHostEntry), verification outages (verifiers.outages; the modes skip checks through
 * modes/inOutage) and the supply samples of the market book. With none of them configured it
 * draws nothing, schedules nothing and submits nothing, so such a run is the run without it.
 */
export type Supply = {
  /** After set-up: start every active host's failure process, and schedule the outages' incidents. */
  start(): void
  /** Schedule what runs when host `host`'s work ending at `at` is done (later if the host fails meanwhile). */
  finish(host: number, at: number, task: Task): void
  /** Before the block at `now` is mined: entry checks and exits' unstakes. */
  beforeBlock(now: number): void
  /** After it: the book's supply sample. */
  afterBlock(now: number): void
}

export function createSupply(ctx: RunContext, mode: ModeHandler): Supply {
  const { spec } = ctx
  const uptime = createUptime(ctx)
  const entry = createHostEntry(ctx, uptime)
  const perHost = capacityPerHost(ctx, mode)

  return {
    start() {
      for (const [host, h] of ctx.hosts.entries()) if (h.status.state === 'active') uptime.start(host, 0)
      // Each boundary is an event at its own time (before anything else then), so the trace stays
      // in time order and the book can place the incident exactly; one past the horizon never comes.
      for (const { start, end } of spec.verifiers.outages) {
        for (const [t, phase] of [
          [start, 'start'],
          [end, 'end'],
        ] as const) {
          if (t > spec.duration) continue
          ctx.at(t, PRIORITY.hostStatus, (now) => {
            ctx.trace({ t: now, type: 'verification_outage', phase })
            ctx.book?.incident({ provider: NETWORK, kind: `verification-outage-${phase}`, count: 1, t: now })
          })
        }
      }
    },
    finish: uptime.finish,
    beforeBlock: entry.block,
    afterBlock(now) {
      if (!ctx.book) return
      const sample: SupplySample = { active: 0, down: 0, reserve: 0, exited: 0, capacity: 0 }
      for (const h of ctx.hosts) sample[h.status.state]++
      sample.capacity = sample.active * perHost
      ctx.book.supply(now, sample)
    },
  }
}

/**
 * Real requests per second one active host serves with honest compute: hosts.speed ÷ the FLOPs a
 * request costs (every replica of it, and a modeled TEE's or prover's overhead); a decoder run's
 * request is one honest generation at the workload's mean prompt and output sizes, priced by the
 * run's roofline. Independent of DemandSpec.weight: a simulated request stands for `weight` real
 * ones and keeps its host busy `weight` times as long (createJobLifecycle), so the weight cancels.
 */
function capacityPerHost(ctx: RunContext, mode: ModeHandler): number {
  const { spec } = ctx
  const perRequest = mode.replicas * mode.computeFactor
  const workload = spec.workload
  const first = ctx.generationOf(0)
  if (first && workload) {
    // A catalog's requests ask for decoders by share: capacity is for the average request.
    const weighted = (f: (generation: Generation) => number) =>
      spec.catalog
        ? spec.catalog.models.reduce(
            (sum, entry, m) => sum + entry.share * f(ctx.generationOf(m) ?? first),
            0,
          )
        : f(first)
    const secondsOf = (g: Generation) => {
      const order = middleOrder(workload, g.checkpoints)
      const seconds = g.host(order, 'honest').seconds
      return mode.requestFactor || mode.fixedSeconds
        ? mode.replicas * modeledSeconds(mode, seconds, g.decoderParams, order)
        : seconds * perRequest
    }
    return 1 / weighted(secondsOf)
  }
  // A catalog's requests ask for models by share: capacity is for the average request.
  if (mode.requestFactor || mode.fixedSeconds)
    return (
      1 /
      (mode.replicas *
        demandWeighted(spec, ctx.models, (m) =>
          modeledSeconds(mode, m.variants.honest.flops / spec.hosts.speed, m.parameters, null),
        ))
    )
  return spec.hosts.speed / (demandWeighted(spec, ctx.models, (m) => m.variants.honest.flops) * perRequest)
}

/** Host seconds of one request under a modeled mode whose cost is not a flat factor (createJobLifecycle). */
function modeledSeconds(
  mode: ModeHandler,
  nativeSeconds: number,
  parameters: number,
  order: GenerationOrder | null,
): number {
  const tokens = order ? order.promptTokens + order.outputTokens : 1
  const factor = factorOf(mode, { nativeSeconds, parameters, tokens })
  return nativeSeconds * factor + (mode.fixedSeconds ?? 0)
}
