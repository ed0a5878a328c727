import { BaseError } from '../errors/index.ts'
import { computeMetrics, type Metrics } from './computeMetrics.ts'
import { createInferenceCache } from './createInferenceCache.ts'
import { CHAIN_EPOCH, type Counts, createRunContext, PRIORITY, type RunContext } from './createRunContext.ts'
import { type Histogram, latencyHistogram } from './latencyHistogram.ts'
import { createMode } from './modes/createMode.ts'
import type { ModeHandler } from './modes/types.ts'
import type { AccountRef, Amount, CallReceipt, Hex, InferencePort, LedgerPort, VariantName } from './ports.ts'
import { bernoulli, exponential, uint32 } from './rngStreams.ts'
import { runEventLoop } from './runEventLoop.ts'
import type { RunSpec } from './runSpec.ts'
import type { Batch, HostState, Job, Replica } from './runState.ts'
import type { TraceEvent } from './traceEvent.ts'
import { fromUnits, toUnits } from './units.ts'
import { createVirtualClock } from './virtualClock.ts'

export { CHAIN_EPOCH }

export type RunProgress = { time: number; duration: number; jobs: number; blocks: number }

export type SimIO = {
  inference: InferencePort
  ledger: LedgerPort
  /** Receives every trace event in virtual-time order. */
  trace?: (event: TraceEvent) => void
  /** Called after every mined block. */
  progress?: (progress: RunProgress) => void
}

export type GasByCall = Record<string, { calls: number; gas: number }>

export type RunResult = {
  metrics: Metrics
  counts: Counts
  gasByCall: GasByCall
  model: {
    hash: Hex
    layers: number
    flops: Partial<Record<VariantName, number>>
    /** Elements of the honest model's weights. */
    parameters: number
  }
  /** Finality latencies (virtual seconds) over fixed log-spaced bins shared by every run. */
  finalityLatency: Histogram
  /** Share of requests that chose the network, per tenth of the request period. */
  adoption: { t: number; share: number | null }[]
  /** Virtual seconds from the first request to the last finality. */
  elapsed: number
  /** What was modeled rather than executed in this run. */
  modeled: string[]
}

/** Run one scenario replicate end to end: real inference through `inference`, settlement through `ledger`. */
export async function runSimulation(io: SimIO, spec: RunSpec): Promise<RunResult> {
  const model = await io.inference.load(spec.model)
  const ctx = createRunContext(spec, io, model)
  const inference = createInferenceCache(io.inference, spec.inferenceCache)
  const mode = createMode(ctx)
  const variantFlops = (variant: VariantName) => {
    const info = model.variants[variant]
    if (!info) throw new BaseError(`the model has no ${variant} variant`, { kind: 'input' })
    return info.flops
  }
  for (const h of ctx.hosts) if (h.behaviour !== 'honest') variantFlops(spec.hosts.variant)

  const gasByCall: GasByCall = {}
  const countGas = (receipts: CallReceipt[], setup: boolean) => {
    for (const r of receipts) {
      const entry = gasByCall[r.call.kind] ?? { calls: 0, gas: 0 }
      gasByCall[r.call.kind] = entry
      entry.calls++
      entry.gas += Number(r.gasUsed)
      if (!setup) ctx.tallies.protocolGas += r.gasUsed
    }
  }

  // Said first in the trace too, so no reader of any output can take them for executed.
  const modeled = modeledParts(spec)
  for (const note of modeled) ctx.trace({ t: 0, type: 'modeled', note })

  const escrow = await setUp(ctx, io.ledger, mode)
  const firstDeposit = escrow[0] ?? 0n

  const clock = createVirtualClock()
  // Replicas sent since the last block, by requester and host: each requester orders them in
  // the next block, before any commit, so a host can charge only for jobs it was sent.
  const unordered = new Map<number, Map<number, number>>()
  let nextJobId = 0
  let inFlight = 0 // replicas requested but not yet committed or dropped
  const batches = new Map<number, Batch>()
  const adoptionBuckets = Array.from({ length: 10 }, () => ({ offered: 0, network: 0 }))

  const chooseNetwork = (now: number): boolean => {
    const r = spec.requesters
    let chosen = true
    if (r.choice) {
      const t = ctx.tallies
      const latency = t.finalityLatencies.length
        ? t.finalityLatencySum / t.finalityLatencies.length
        : spec.protocol.challengeWindow + spec.blockTime
      const fraud = t.results > 0 ? t.badFinalized / t.results : 0
      // The requester pays every replica's fee (k under replication), not one.
      const network = r.fee * mode.replicas + r.latencyValue * latency + r.fraudLoss * fraud
      const centralized = spec.economics.centralizedPrice + r.latencyValue * spec.economics.centralizedLatency
      chosen = network <= centralized
    }
    const bucket = adoptionBuckets[Math.min(9, Math.floor((now / spec.duration) * 10))]
    if (bucket) {
      bucket.offered++
      if (chosen) bucket.network++
    }
    return chosen
  }

  const runReplica = (now: number, job: Job, host: number, forcedHonest: boolean) => {
    const state = ctx.hosts[host] as HostState
    const cheats =
      !forcedHonest &&
      state.behaviour !== 'honest' &&
      bernoulli(ctx.rng.stream(`host-${host}`, 'cheat'), state.cheatRate)
    state.recentJobs++
    const variant: VariantName = cheats ? spec.hosts.variant : 'honest'
    const replica: Replica = {
      job,
      host,
      variant,
      hardware: state.hardware,
      result: inference.infer({
        modelId: model.id,
        variant,
        inputSeed: job.inputSeed,
        hardware: state.hardware,
        salt: host,
        // Only modes that commit every checkpoint (optimistic) need every checkpoint digested.
        checkpoints: mode.commitLayers,
        output: mode.compareOutputs,
      }),
      state: 'running',
      contested: false,
    }
    // Keep a rejected inference from surfacing as unhandled before the block awaits it.
    replica.result.catch(() => {})
    job.replicas.push(replica)
    let byHost = unordered.get(job.requester)
    if (!byHost) {
      byHost = new Map()
      unordered.set(job.requester, byHost)
    }
    byHost.set(host, (byHost.get(host) ?? 0) + 1)
    inFlight++
    const flops = variantFlops(variant) * mode.computeFactor
    state.computeCost += flops * spec.economics.costPerFlop
    // A modeled TEE or prover makes the host pay more than the inference itself: verification cost.
    ctx.tallies.modeledCost += (flops - variantFlops(variant)) * spec.economics.costPerFlop
    state.busyUntil = Math.max(now, state.busyUntil) + flops / spec.hosts.speed
    ctx.at(state.busyUntil, PRIORITY.inferenceDone, () => {
      replica.doneAt = state.busyUntil
      state.done.push(replica)
    })
    ctx.trace({ t: now, type: 'job', job: job.id, requester: job.requester, host, variant })
  }

  const onArrival = (now: number, requester: number) => {
    const arrivals = ctx.rng.stream(`requester-${requester}`, 'arrivals')
    const next = now + exponential(arrivals, spec.requesters.jobRate)
    if (next < spec.duration) ctx.at(next, PRIORITY.arrival, (t) => onArrival(t, requester))
    const inputSeed = uint32(ctx.rng.stream(`requester-${requester}`, 'input'))
    ctx.tallies.offeredJobs++
    if (!chooseNetwork(now)) {
      ctx.counts.centralized_jobs++
      return
    }
    ctx.tallies.networkJobs++
    const hosts = ctx.pickHosts(mode.replicas)
    if (hosts.length < mode.replicas) {
      // Slashing left too few hosts with the minimum stake: the network cannot serve the request.
      ctx.counts.unserved_jobs++
      ctx.trace({ t: now, type: 'unserved', requester, hosts: hosts.length, needed: mode.replicas })
      return
    }
    const job: Job = {
      id: nextJobId++,
      requester,
      fee: toUnits(spec.requesters.fee),
      requestedAt: now,
      inputSeed,
      replicas: [],
    }
    ctx.counts.jobs++
    ctx.tallies.jobs++
    ctx.tallies.usefulFlops += ctx.honestFlops
    // Replicas beyond the first exist only to verify the first: their compute is verification.
    ctx.tallies.verifierFlops += ctx.honestFlops * (mode.replicas - 1)
    for (const host of hosts) runReplica(now, job, host, false)
  }

  const onBlock = async (now: number) => {
    submitOrders(ctx, unordered, toUnits(spec.requesters.fee))
    const submitCommits = await commitResults(ctx, mode, now, escrow, firstDeposit, (n) => {
      inFlight -= n
    })
    mode.beforeMine(now)
    for (const batch of batches.values()) {
      if (now < batch.committedAt + spec.protocol.challengeWindow || batch.open > 0 || !mode.ready(batch))
        continue
      batches.delete(batch.id)
      ctx.submit({ kind: 'finalize', batchId: batch.id }, (receipt) => {
        if (!receipt.ok)
          throw new BaseError(`the chain rejected finalizing batch ${batch.id}: ${receipt.error}`)
        const event = receipt.events.find((e) => e.kind === 'Finalized')
        const paid = event?.kind === 'Finalized' ? event.paid : 0n
        const host = ctx.hosts[batch.host] as HostState
        host.revenue += paid
        ctx.tallies.networkFees += fromUnits(paid)
        for (const replica of batch.replicas) if (replica.state === 'committed') ctx.applyFinal(replica, now)
        ctx.trace({ t: now, type: 'payout', batch: batch.id, host: batch.host, amount: fromUnits(paid) })
      })
    }
    const receipts = await ctx.mine(now)
    countGas(receipts, false)
    for (const batch of submitCommits()) {
      batches.set(batch.id, batch)
      for (const replica of batch.replicas) mode.onCommitted(replica, now)
    }
    adaptHosts(ctx)

    ctx.tallies.elapsed = now
    const busy = inFlight > 0 || mode.busy() || batches.size > 0
    if (now < spec.duration || busy) ctx.at(now + spec.blockTime, PRIORITY.block, onBlock)
    io.progress?.({ time: now, duration: spec.duration, jobs: nextJobId, blocks: ctx.counts.blocks })
  }

  for (let r = 0; r < spec.requesters.count; r++) {
    const first = exponential(ctx.rng.stream(`requester-${r}`, 'arrivals'), spec.requesters.jobRate)
    if (first < spec.duration) ctx.at(first, PRIORITY.arrival, (t) => onArrival(t, r))
  }
  ctx.at(spec.blockTime, PRIORITY.block, onBlock)
  await runEventLoop(ctx.queue, clock)
  ctx.counts.cached_inferences = inference.hits
  countGas(await claimCredits(ctx, io.ledger, ctx.tallies.elapsed), false)

  return {
    metrics: computeMetrics(ctx.tallies, spec.economics),
    counts: ctx.counts,
    gasByCall: sortKeys(gasByCall),
    model: {
      hash: model.hash,
      layers: model.layers,
      flops: Object.fromEntries(Object.entries(model.variants).map(([k, v]) => [k, v?.flops ?? 0])),
      parameters: model.parameters,
    },
    finalityLatency: latencyHistogram(ctx.tallies.finalityLatencies),
    adoption: adoptionBuckets.map((b, i) => ({
      t: ((i + 1) * spec.duration) / 10,
      share: b.offered > 0 ? b.network / b.offered : null,
    })),
    elapsed: ctx.tallies.elapsed,
    modeled,
  }
}

/** One `order` call per requester for the replicas sent to each host since the last block. */
function submitOrders(ctx: RunContext, unordered: Map<number, Map<number, number>>, fee: Amount): void {
  for (const [requester, byHost] of unordered) {
    const orders = [...byHost].map(([host, jobs]) => ({ host, jobs }))
    ctx.submit({ kind: 'order', requester, fee, orders }, (receipt) => {
      if (!receipt.ok)
        throw new BaseError(`the chain rejected requester ${requester}'s order: ${receipt.error}`)
    })
  }
  unordered.clear()
}

/**
 * Payouts are credits the protocol keeps until their owner claims them; at the end of a run every
 * host, verifier and the referee with a credit claims it, in one last block at the final time.
 */
async function claimCredits(ctx: RunContext, ledger: LedgerPort, now: number): Promise<CallReceipt[]> {
  const { spec } = ctx
  const accounts: AccountRef[] = [
    ...Array.from({ length: spec.hosts.count }, (_, index): AccountRef => ({ role: 'host', index })),
    ...Array.from({ length: spec.verifiers.count }, (_, index): AccountRef => ({ role: 'verifier', index })),
    { role: 'referee', index: 0 },
  ]
  // Read in slices: one at a time costs a round trip each on a chain, all at once floods it.
  const slice = 256
  let claims = 0
  for (let start = 0; start < accounts.length; start += slice) {
    const part = accounts.slice(start, start + slice)
    const balances = await Promise.all(part.map((account) => ledger.balances(account)))
    part.forEach((account, i) => {
      if ((balances[i]?.credit ?? 0n) === 0n) return
      claims++
      ctx.submit({ kind: 'claim', account }, (receipt) => {
        if (!receipt.ok)
          throw new BaseError(
            `the chain rejected a claim of ${account.role} ${account.index}: ${receipt.error}`,
          )
      })
    })
  }
  return claims > 0 ? ctx.mine(now) : []
}

/** The set-up block: protocol, model, verifiers, stakes and each requester's first escrow. */
async function setUp(ctx: RunContext, ledger: LedgerPort, mode: ModeHandler): Promise<Amount[]> {
  const { spec, model } = ctx
  const p = spec.protocol
  const expectedJobs = spec.requesters.jobRate * spec.duration * mode.replicas
  const { margin, extraJobs } = spec.requesters.escrow
  const depositJobs = Math.ceil(expectedJobs * margin + extraJobs)
  const firstDeposit = toUnits(spec.requesters.fee * depositJobs)
  // What every account is minted, not an economic choice: it only has to be enough. Bonds come
  // back as credits, claimed only at the end, so a verifier must be able to bond a challenge of
  // every job it could see; four times the expected fees (or the first deposit if that is more)
  // cover a requester's deposits however small its escrow margin.
  const bonds = Math.max(1000, Math.ceil(expectedJobs * 1.2))
  const reserve = toUnits(spec.requesters.fee * Math.max(depositJobs, Math.ceil(expectedJobs * 1.2 + 10)))
  const funding = toUnits(spec.hosts.stake * 2 + p.challengeBond * bonds) + reserve * 4n
  await ledger.setup(
    {
      slashFractionPpm: ppm(p.slashFraction),
      challengerSharePpm: ppm(p.challengerShare),
      challengeWindow: p.challengeWindow,
      unbondingDelay: p.unbondingDelay,
      minStake: toUnits(p.minStake),
      challengeBond: toUnits(p.challengeBond),
      moveTimeout: p.moveTimeout,
      refereeTimeout: p.refereeTimeout,
      bondToWinnerPpm: ppm(p.bondToWinner),
      requireAttestation: p.mode === 'tee' || p.mode === 'zk',
    },
    { hosts: spec.hosts.count, verifiers: spec.verifiers.count, requesters: spec.requesters.count },
    funding,
  )
  const expectOk = (r: CallReceipt) => {
    if (!r.ok) throw new BaseError(`the chain rejected the set-up call ${r.call.kind}: ${r.error}`)
  }
  ctx.submit(
    {
      kind: 'registerModel',
      modelHash: model.hash,
      flops: model.variants.honest.flops,
      layers: model.layers,
    },
    expectOk,
  )
  for (let v = 0; v < spec.verifiers.count; v++) ctx.submit({ kind: 'addVerifier', verifier: v }, expectOk)
  for (const [host, h] of ctx.hosts.entries())
    ctx.submit({ kind: 'stake', host, amount: h.stakeUnits }, expectOk)
  const escrow: Amount[] = []
  for (let r = 0; r < spec.requesters.count; r++) {
    ctx.submit({ kind: 'deposit', requester: r, amount: firstDeposit }, expectOk)
    escrow.push(firstDeposit)
  }
  await ctx.mine(0)
  return escrow
}

/**
 * Commit every host's finished results in one root each, topping up escrows first. Returns a
 * function that, after the block is mined, gives the batches the chain accepted.
 */
async function commitResults(
  ctx: RunContext,
  mode: ModeHandler,
  now: number,
  escrow: Amount[],
  firstDeposit: Amount,
  settled: (n: number) => void,
): Promise<() => Batch[]> {
  const minStake = toUnits(ctx.spec.protocol.minStake)
  const commits: { host: number; replicas: Replica[] }[] = []
  const needed: Amount[] = escrow.map(() => 0n)
  for (const [h, state] of ctx.hosts.entries()) {
    if (state.done.length === 0) continue
    // A host batches results into one root until it has `batchSize` of them or its oldest has
    // waited `maxBatchDelay`: larger roots amortize the commitment's gas over more jobs.
    const oldest = state.done[0] as Replica
    const { batchSize, maxBatchDelay } = ctx.spec.hosts
    if (state.done.length < batchSize && now - (oldest.doneAt ?? now) < maxBatchDelay) continue
    const replicas = state.done
    state.done = []
    settled(replicas.length)
    if (state.stakeUnits < minStake) {
      for (const replica of replicas) {
        replica.state = 'dropped'
        ctx.counts.dropped_jobs++
        ctx.trace({ t: now, type: 'dropped', job: replica.job.id, host: h, reason: 'stake below minStake' })
      }
      continue
    }
    for (const replica of replicas) {
      replica.output = await replica.result
      needed[replica.job.requester] = (needed[replica.job.requester] as Amount) + replica.job.fee
    }
    commits.push({ host: h, replicas })
  }
  const topUp = BigInt(ctx.spec.requesters.escrow.topUp)
  for (const [requester, need] of needed.entries()) {
    if ((escrow[requester] as Amount) >= need) continue
    const amount = firstDeposit > need ? firstDeposit : need * topUp
    escrow[requester] = (escrow[requester] as Amount) + amount
    ctx.submit({ kind: 'deposit', requester, amount }, (r) => {
      if (!r.ok) throw new BaseError(`the chain rejected a deposit: ${r.error}`)
    })
  }
  const accepted: Batch[] = []
  for (const { host, replicas } of commits) {
    for (const r of replicas) escrow[r.job.requester] = (escrow[r.job.requester] as Amount) - r.job.fee
    const leaves = replicas.map((r) => {
      const out = r.output as { resultDigest: Hex; layerDigests: Hex[] }
      return {
        jobId: r.job.id,
        requester: r.job.requester,
        fee: r.job.fee,
        resultDigest: out.resultDigest,
        ...(mode.commitLayers ? { layerDigests: out.layerDigests } : {}),
      }
    })
    ctx.submit({ kind: 'commit', host, modelHash: ctx.model.hash, leaves }, (receipt) => {
      if (!receipt.ok)
        throw new BaseError(`the chain rejected host ${host}'s commitment at t=${now}s: ${receipt.error}`)
      const event = receipt.events.find((e) => e.kind === 'Committed')
      if (event?.kind !== 'Committed')
        throw new BaseError(`commit receipt of host ${host} has no Committed event`)
      const batch: Batch = { id: event.batchId, host, replicas, committedAt: now, open: 0, attested: false }
      replicas.forEach((r, leafIndex) => {
        r.batch = batch
        r.leafIndex = leafIndex
        r.state = 'committed'
      })
      accepted.push(batch)
      ctx.trace({
        t: now,
        type: 'commit',
        batch: batch.id,
        host,
        jobs: replicas.length,
        gas: Number(receipt.gasUsed),
      })
    })
  }
  return () => accepted
}

/**
 * Adaptive hosts best-respond to what they observe, block by block: each detection of their own
 * cheating cuts the cheat rate by `detectionCut` steps, and a block in which they served jobs
 * without being caught raises it a step (both scenario fields under hosts.adaptive).
 */
function adaptHosts(ctx: RunContext): void {
  const { step, detectionCut } = ctx.spec.hosts.adaptive
  for (const h of ctx.hosts) {
    if (h.behaviour !== 'adaptive') continue
    if (h.recentDetections > 0)
      h.cheatRate = Math.max(0, h.cheatRate - step * h.recentDetections * detectionCut)
    else if (h.recentJobs > 0) h.cheatRate = Math.min(1, h.cheatRate + step)
    h.recentJobs = 0
    h.recentDetections = 0
  }
}

function ppm(fraction: number): number {
  return Math.round(fraction * 1_000_000)
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)))
}

/** What a run of `spec` models rather than executes. */
export function modeledParts(spec: RunSpec): string[] {
  const modeled: string[] = []
  if (spec.protocol.mode === 'tee' || spec.protocol.mode === 'zk') {
    modeled.push(
      `${spec.protocol.mode}: compute overhead, attestation gas, latency and failure rate are modeled`,
    )
  }
  if (spec.protocol.forcedErrors.rate > 0) modeled.push('forced-error jackpots are paid off chain')
  return modeled
}
