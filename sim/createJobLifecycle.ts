import { BaseError } from '../errors/index.ts'
import { createEmissions } from './createEmissions.ts'
import type { InferenceCache } from './createInferenceCache.ts'
import { PRIORITY, type RunContext } from './createRunContext.ts'
import { createServing } from './createServing.ts'
import { createWeightedPicker } from './createWeightedPicker.ts'
import { findEvent } from './findEvent.ts'
import type { NetworkRequest, RequestOutcome } from './market/types.ts'
import { factorOf } from './modes/factorOf.ts'
import type { ModeHandler } from './modes/types.ts'
import { moveReplica } from './moveReplica.ts'
import type { Amount, InferenceRequest, InferenceResult, VariantName } from './ports.ts'
import { bernoulli, exponential, uint32 } from './rngStreams.ts'
import type { Batch, HostState, Job, Replica } from './runState.ts'
import { isBad } from './runState.ts'
import type { Supply } from './supply/createSupply.ts'
import { toUnits } from './units.ts'

export type JobLifecycle = {
  /** Requester `requester`'s next request arrives at `now` (and schedules the one after). */
  request(now: number, requester: number): void
  /**
   * A demand-market request (spec.demand) placed on the network at `now`; the lifecycle calls
   * `request.settled` exactly once, when its result is final or when it fails.
   */
  place(now: number, request: NetworkRequest): void
  /** The block at `now`: orders, commitments, the mode's calls, finalizations; true while work is left. */
  block(now: number): Promise<boolean>
  /** Jobs placed on the network so far. */
  jobs(): number
}

/**
 * One job's life, from request to payout. Each replica (one per host the job runs on: k under
 * replication, 1 otherwise) moves through `Replica.stage` by moveReplica only:
 *
 *   request ──(requester prefers the centralized baseline)──► centralized_jobs
 *      │
 *      ├──(fewer eligible hosts than the mode needs)──► unserved_jobs
 *      ▼  stake-weighted draw of distinct hosts; each runs its variant (honest, or its cheat)
 *   ┌─────────┐   host below minStake when its batch is due   ┌─────────┐
 *   │ running │ ────────────────────────────────────────────► │ dropped │
 *   └────┬────┘                                                └─────────┘
 *        │ inference done at FLOPs / speed (a generation: after its roofline seconds); the
 *        │ requester's order, then the host's Merkle root of its finished results (batchSize
 *        │ or maxBatchDelay) is mined
 *        ▼
 *   ┌───────────┐  mode.onCommitted: checks, challenges, games, votes (`contested` while one
 *   │ committed │  is open, and the batch's `open` count keeps it from finalizing)
 *   └─────┬─────┘
 *         ├──(Slashed event: dispute, game or vote)──────────────► settled: slashed
 *         ├──(replication vote without a strict majority)────────► settled: refunded
 *         ▼ challenge window over, no open case in the batch, mode.ready (attested)
 *   ┌──────────────────┐
 *   │ settled: final   │ finalize mined: the host's batch fees become its credit, claimed
 *   └──────────────────┘ at the end of the run (runSimulation's claimCredits)
 *
 * A finding that comes too late (result final, or window closed) becomes a missed challenge in
 * modes/createChallengeQueue.ts; every figure an event moves is moved by one call of the
 * Recorder (ctx.record).
 *
 * The run stays event-driven (each step is a task on the event queue) rather than making a job
 * an async process awaiting virtual time, as in SimPy: on the sim-core workload (1M events, 1,000
 * pending), awaiting a promise per wake-up ran 0.07-0.13M events/s against 0.6-1.5M for plain
 * tasks on the same loaded machine, and the sim-core benchmark's goal is 1M events/s.
 */
export function createJobLifecycle(
  ctx: RunContext,
  /**
   * One handler per network configuration a job can be requested under (Job.offer): index 0 the
   * scenario's protocol, i the demand market's offers[i − 1]. Each job is checked by its own.
   */
  modes: readonly ModeHandler[],
  inference: InferenceCache,
  escrow: Amount[],
  supply: Pick<Supply, 'finish'>,
  /**
   * Demand-market runs deposit lazily: the smallest deposit of requester account `account` at
   * `now` (its first one when its escrow is empty). Without it every top-up is at least the
   * set-up deposit.
   */
  depositOf?: (account: number, now: number) => Amount,
): JobLifecycle {
  const { spec, model, record } = ctx
  const mode = modes[0] as ModeHandler
  const modeOf = (job: Job) => modes[job.offer] as ModeHandler
  // Each requester's set-up deposit (they differ only when each draws its own fee).
  const setUpDeposits = [...escrow]
  const firstDeposit = depositOf ?? ((requester: number) => setUpDeposits[requester] ?? 0n)
  // Every job of a run has the same weight (DemandSpec.weight, 1 without a market), so one fee per
  // offer serves every order and leaf; fee × 1 is exact, which keeps runs without a market as they were.
  const weight = spec.demand?.weight ?? 1
  const jobFees = [spec.requesters.fee, ...(spec.demand?.offers ?? []).map((o) => o.fee)].map((fee) =>
    toUnits(fee * weight),
  )
  // With a fee draw each requester pays its own fee (demand, which needs one fee, is refused then).
  const requesterFees = ctx.requesterFees.map((fee) => toUnits(fee * weight))
  const feeOf = (offer: number, requester: number): Amount =>
    (offer === 0 && spec.requesters.feeDraw !== null ? requesterFees[requester] : jobFees[offer]) as Amount
  // The virtual time of the block being worked: every replica settles or drops inside block(now)
  // (commitments, mined receipts), so a job's end is known to happen at this time.
  let blockNow = 0
  // Replicas sent since the last block, by requester account and host: each account orders them
  // in the next block, before any commit, so a host can charge only for jobs it was sent. An
  // account pays for one offer only (NetworkRequest.account), so each has one fee.
  const unordered = new Map<number, { fee: Amount; byHost: Map<number, number> }>()
  let nextJobId = 0
  let inFlight = 0 // replicas requested but not yet committed or dropped
  const batches = new Map<number, Batch>()
  const emissions = createEmissions(ctx)
  // A catalog's demand shares, drawn from each requester's own 'model' stream (new with catalogs,
  // so a run without one draws exactly as before).
  const byShare = spec.catalog ? createWeightedPicker(spec.catalog.models.map((m) => m.share)) : null
  const drawModel = (requester: number): number =>
    byShare ? byShare.pick(ctx.rng.stream(`requester-${requester}`, 'model')()) : 0

  const finishReplicas = (host: number, at: number, replicas: Replica[]) => {
    const state = ctx.hosts[host] as HostState
    supply.finish(host, at, () => {
      // The host's busyUntil when this event runs, which later requests may already have pushed
      // past this replica's own end: kept as it was, since it decides when batches are due.
      for (const replica of replicas) state.done.push({ replica, doneAt: state.busyUntil })
    })
  }
  const serving = spec.hosts.serving.maxBatch > 1 ? createServing(ctx, inference, finishReplicas) : null
  // settlement (absent: async, batched): a block that waits for the inferences it commits.
  const execution = spec.settlement?.execution ?? 'async'
  const perRequest = spec.settlement?.commit === 'perRequest'
  // Virtual seconds each replica's inference took on its host, which a waiting block adds up.
  const inferenceSeconds = new WeakMap<Replica, number>()

  const chooseNetwork = (requester: number): boolean => {
    const r = spec.requesters
    if (!r.choice) return true
    const t = record.tallies
    const latency = t.finalityLatencies.length
      ? t.finalityLatencySum / t.finalityLatencies.length
      : spec.protocol.challengeWindow + spec.blockTime
    const fraud = t.results > 0 ? t.badFinalized / t.results : 0
    // The requester pays every replica's fee (k under replication), not one.
    const fee = ctx.requesterFees[requester] ?? r.fee
    const network = fee * mode.replicas + r.latencyValue * latency + r.fraudLoss * fraud
    const centralized = spec.economics.centralizedPrice + r.latencyValue * spec.economics.centralizedLatency
    return network <= centralized
  }

  /**
   * Run `job` on `host`; returns the seconds it waited for its host to cold-load the model (0:
   * held): what the load adds (storage queue and transfer), not the host's queue before it.
   */
  const runReplica = (now: number, job: Job, host: number): number => {
    const mode = modeOf(job)
    const state = ctx.hosts[host] as HostState
    const jobModel = ctx.modelOf(job)
    // A host that does not hold the job's model loads it first (a cold start), then runs it.
    const free = Math.max(now, state.busyUntil)
    const load = ctx.hosting?.load('host', host, job.model, now, free)
    if (load) state.busyUntil = load.end
    // A rational host's learner for this job value plays in place of a cheat rate: the same one
    // draw from the host's 'cheat' stream.
    const chooses =
      state.behaviour === 'rational'
        ? ctx.strategies.hostCheats(host, job.fee)
        : state.behaviour !== 'honest' && bernoulli(ctx.rng.stream(`host-${host}`, 'cheat'), state.cheatRate)
    // A compromised enclave returns a wrong result whatever its host chose (modeled TEE).
    const cheats = chooses || (mode.compromised?.(host, now) ?? false)
    const variant: VariantName = cheats ? spec.hosts.variant : 'honest'
    const order = job.generation
    const request: InferenceRequest = {
      modelId: jobModel.id,
      variant,
      inputSeed: job.inputSeed,
      hardware: state.hardware,
      salt: host,
      // Only modes that commit every checkpoint (optimistic) need every checkpoint digested.
      checkpoints: mode.commitLayers,
      output: mode.compareOutputs,
      ...(order ? { generation: order } : {}),
    }
    const fixedSeconds = mode.fixedSeconds ?? 0
    const fixedCost = mode.fixedCost ?? 0
    const modeled = mode.requestFactor || fixedSeconds > 0 || fixedCost > 0
    // Batched serving (hosts.serving) runs forward jobs and generations whose cost is executed,
    // not modeled; the scenario check refuses the rest.
    const serves = serving !== null && !modeled
    let joinBatch: ((result: Promise<InferenceResult>) => void) | undefined
    const replica: Replica = {
      job,
      host,
      variant,
      hardware: state.hardware,
      result: serves
        ? new Promise<InferenceResult>((resolve) => {
            joinBatch = resolve
          })
        : inference.infer(request),
      stage: { state: 'running' },
    }
    // Keep a rejected inference from surfacing as unhandled before the block awaits it.
    replica.result.catch(() => {})
    job.replicas.push(replica)
    let ordered = unordered.get(job.requester)
    if (!ordered) {
      ordered = { fee: job.fee, byHost: new Map() }
      unordered.set(job.requester, ordered)
    }
    const { byHost } = ordered
    byHost.set(host, (byHost.get(host) ?? 0) + 1)
    inFlight++
    // A job standing for `weight` real requests keeps its host busy and costs it that many times.
    const w = job.weight
    let cost: number
    // runSimulation refuses a scenario whose cheat variant the model lacks, before set-up.
    const flopsOf = (v: VariantName) => ctx.flopsOf(job, v)
    const startsAt = Math.max(now, state.busyUntil)
    const generation = ctx.generationOf(job.model)
    if (generation && order) {
      const price = generation.host(order, variant)
      const factor = factorOf(mode, {
        nativeSeconds: price.seconds,
        parameters: generation.decoderParams,
        tokens: order.promptTokens + order.outputTokens,
      })
      cost = price.cost * factor * w + fixedCost * w
      record.generated(state, cost, price.cost * w, replica)
      if (serving && serves) {
        // A batch of generations takes the sum of their seconds (createServing).
        const seconds = price.seconds * factor * w + fixedSeconds * w
        joinBatch?.(serving.serve(now, host, replica, request, seconds))
        if (execution !== 'async') inferenceSeconds.set(replica, seconds)
      } else state.busyUntil = Math.max(now, state.busyUntil) + price.seconds * factor * w + fixedSeconds * w
    } else if (modeled) {
      // A modeled mode whose cost is not a flat multiple of the FLOPs: priced in tokens, as a generation is.
      const nativeSeconds = flopsOf(variant) / spec.hosts.speed
      const factor = factorOf(mode, { nativeSeconds, parameters: jobModel.parameters, tokens: 1 })
      const executedCost = flopsOf(variant) * w * spec.economics.costPerFlop
      cost = executedCost * factor + fixedCost * w
      record.generated(state, cost, executedCost, replica)
      state.busyUntil = Math.max(now, state.busyUntil) + nativeSeconds * factor * w + fixedSeconds * w
    } else {
      const flops = flopsOf(variant) * mode.computeFactor
      cost = flops * w * spec.economics.costPerFlop
      record.inference(state, flops * w, flopsOf(variant) * w, replica)
      const seconds = (flops * w) / spec.hosts.speed
      if (serving && serves) {
        joinBatch?.(serving.serve(now, host, replica, request, seconds))
        // A served replica's host is busy from its batch's start (createServing), not from now.
        if (execution !== 'async') inferenceSeconds.set(replica, seconds)
      } else state.busyUntil = Math.max(now, state.busyUntil) + seconds
    }
    // A TEE whose enclave ran another model for the host's previous job swaps it in once more
    // (modeled, sim/modes/attestationSeconds.ts): verification cost, as its other fixed costs.
    if (ctx.hosting) {
      const { tee } = spec.protocol
      const swapped = state.lastModel !== undefined && state.lastModel !== job.model
      if (swapped && spec.protocol.mode === 'tee' && job.offer === 0) {
        const swapCost = (tee.swapCost ?? 0) * w
        state.busyUntil += (tee.swapSeconds ?? 0) * w
        state.computeCost += swapCost
        cost += swapCost
        record.tallies.modeledCost += swapCost
      }
      state.lastModel = job.model
    }
    if (execution !== 'async' && !serves) inferenceSeconds.set(replica, state.busyUntil - startsAt)
    if (state.behaviour === 'rational') ctx.strategies.ran(replica, chooses ? 1 : 0, cost)
    // A host that fails before this replica is done finishes it that much later (hosts.uptime);
    // a served replica finishes with its batch (finishBatch).
    if (!serves) finishReplicas(host, state.busyUntil, [replica])
    ctx.trace({
      t: now,
      type: 'job',
      job: job.id,
      requester: job.requester,
      host,
      variant,
      ...(job.offer > 0 ? { offer: job.offer } : {}),
      ...(spec.catalog ? { model: job.model } : {}),
      ...(load ? { load: load.end - free } : {}),
      ...(order ? { prompt: order.promptTokens, output: order.outputTokens } : {}),
    })
    return load ? load.end - free : 0
  }

  /** One `order` call per requester for the replicas sent to each host since the last block. */
  const submitOrders = () => {
    for (const [requester, { fee, byHost }] of unordered) {
      const orders = [...byHost].map(([host, jobs]) => ({ host, jobs }))
      ctx.submit({ kind: 'order', requester, fee, orders }, `requester ${requester}'s order`)
    }
    unordered.clear()
  }

  /**
   * Commit every host's finished results in one root each, topping up escrows first. Returns a
   * function that, after the block is mined, gives the batches the chain accepted.
   */
  const commitResults = async (now: number): Promise<() => Batch[]> => {
    const minStake = toUnits(spec.protocol.minStake)
    const commits: { host: number; model: number; replicas: Replica[]; outputs: InferenceResult[] }[] = []
    // Only requesters with results to pay for: a market's population is far larger than those.
    const needed = new Map<number, Amount>()
    for (const [h, state] of ctx.hosts.entries()) {
      const oldest = state.done[0]
      // A down host commits nothing: its finished results wait for its recovery.
      if (!oldest || state.status.state === 'down') continue
      // A host batches results into one root until it has `batchSize` of them or its oldest has
      // waited `maxBatchDelay`: larger roots amortize the commitment's gas over more jobs.
      const { batchSize, maxBatchDelay } = spec.hosts
      if (!perRequest && state.done.length < batchSize && now - oldest.doneAt < maxBatchDelay) continue
      // A root is registered under one model's hash, and a host commits once per block: with a
      // catalog, this block commits the oldest result's model; the others wait for the next.
      // Per-request settlement commits one result per root, so its further results wait too.
      const model = oldest.replica.job.model
      const replicas: Replica[] = []
      const waiting: typeof state.done = []
      for (const d of state.done) {
        if (d.replica.job.model === model && !(perRequest && replicas.length > 0)) replicas.push(d.replica)
        else waiting.push(d)
      }
      state.done = waiting
      inFlight -= replicas.length
      if (state.stakeUnits < minStake) {
        for (const replica of replicas) record.dropped(replica, now, 'stake below minStake')
        continue
      }
      const outputs: InferenceResult[] = []
      for (const replica of replicas) {
        outputs.push(await replica.result)
        const { requester, fee } = replica.job
        needed.set(requester, (needed.get(requester) ?? 0n) + fee)
      }
      commits.push({ host: h, model, replicas, outputs })
    }
    const blockLatency = commits.length > 0 ? waitOf(commits.flatMap((c) => c.replicas)) : undefined
    if (blockLatency !== undefined) record.blockLatency(blockLatency)
    const topUp = BigInt(spec.requesters.escrow.topUp)
    // In account order, as the chain has always seen them.
    for (const [requester, need] of [...needed].sort(([a], [b]) => a - b)) {
      if ((escrow[requester] as Amount) >= need) continue
      const least = firstDeposit(requester, now)
      const amount = least > need ? least : need * topUp
      escrow[requester] = (escrow[requester] as Amount) + amount
      ctx.submit({ kind: 'deposit', requester, amount }, 'a deposit')
    }
    const accepted: Batch[] = []
    for (const { host, model: m, replicas, outputs } of commits) {
      for (const r of replicas) escrow[r.job.requester] = (escrow[r.job.requester] as Amount) - r.job.fee
      const leaves = replicas.map((r, i) => {
        const out = outputs[i] as InferenceResult
        return {
          jobId: r.job.id,
          requester: r.job.requester,
          fee: r.job.fee,
          resultDigest: out.resultDigest,
          ...(modeOf(r.job).commitLayers ? { layerDigests: out.layerDigests } : {}),
        }
      })
      const modelHash = (ctx.models[m] ?? model).hash
      const call = { kind: 'commit', host, modelHash, leaves } as const
      ctx.submit(call, `host ${host}'s commitment at t=${now}s`, (receipt) => {
        const event = findEvent(receipt, 'Committed')
        if (!event) throw new BaseError(`commit receipt of host ${host} has no Committed event`)
        const batch: Batch = {
          id: event.batchId,
          host,
          replicas,
          committedAt: now,
          open: 0,
          attested: false,
          ...(blockLatency !== undefined ? { blockLatency } : {}),
        }
        replicas.forEach((replica, leafIndex) => {
          const output = outputs[leafIndex] as InferenceResult
          moveReplica(replica, { state: 'committed', batch, leafIndex, output, contested: false })
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
   * How long the block committing `replicas` waits for their inferences: inline runs them one
   * after another in the block (the sum), preExecuted ran them before it, in parallel (the
   * slowest); async waits for none (undefined).
   */
  const waitOf = (replicas: readonly Replica[]): number | undefined => {
    if (execution === 'async') return undefined
    let sum = 0
    let max = 0
    for (const replica of replicas) {
      const seconds = inferenceSeconds.get(replica) ?? 0
      sum += seconds
      max = Math.max(max, seconds)
    }
    return execution === 'inline' ? sum : max
  }

  // Every handler with a job in the batch must agree (an attested mode waits for its attestation).
  const ready = (batch: Batch) =>
    modes.every((m, offer) => !batch.replicas.some((r) => r.job.offer === offer) || m.ready(batch))

  /** Pay every batch whose window is over and that no case keeps open; its results become final. */
  const finalizeBatches = (now: number) => {
    for (const batch of batches.values()) {
      if (now < batch.committedAt + spec.protocol.challengeWindow || batch.open > 0 || !ready(batch)) continue
      batches.delete(batch.id)
      ctx.submit({ kind: 'finalize', batchId: batch.id }, `finalizing batch ${batch.id}`, (receipt) => {
        record.payout(batch, findEvent(receipt, 'Finalized')?.paid ?? 0n, now)
      })
    }
  }

  /**
   * Adaptive hosts react to what they observe, block by block: each detection of their own
   * cheating cuts the cheat rate by `detectionCut` steps, and a block in which they served jobs
   * without being caught raises it a step (both scenario fields under hosts.adaptive). A fixed-step
   * heuristic, not a best response: rational hosts (ctx.strategies) learn from their payoffs.
   */
  const adaptHosts = () => {
    const { step, detectionCut } = spec.hosts.adaptive
    for (const h of ctx.hosts) {
      if (h.behaviour !== 'adaptive') continue
      if (h.recentDetections > 0)
        h.cheatRate = Math.max(0, h.cheatRate - step * h.recentDetections * detectionCut)
      else if (h.recentJobs > 0) h.cheatRate = Math.min(1, h.cheatRate + step)
      h.recentJobs = 0
      h.recentDetections = 0
    }
  }

  const request = (now: number, requester: number) => {
    const arrivals = ctx.rng.stream(`requester-${requester}`, 'arrivals')
    const next = now + exponential(arrivals, spec.requesters.jobRate)
    if (next < spec.duration) ctx.at(next, PRIORITY.arrival, (t) => request(t, requester))
    const inputSeed = uint32(ctx.rng.stream(`requester-${requester}`, 'input'))
    const jobModel = drawModel(requester)
    // Token counts come from a stream of their own, so forward-model runs draw exactly as before.
    const generation = ctx.generationOf(jobModel)?.draw(ctx.rng.stream(`requester-${requester}`, 'workload'))
    const network = chooseNetwork(requester)
    record.request(now, network)
    if (!network) return
    startJob(now, requester, 0, 1, inputSeed, generation, jobModel)
  }

  const place = (now: number, request: NetworkRequest) => {
    // Streams are the requester's, whatever account pays, so an offer leaves its draws as they were.
    const { requester } = request
    const inputSeed = uint32(ctx.rng.stream(`requester-${requester}`, 'input'))
    const jobModel = drawModel(requester)
    const generation = ctx
      .generationOf(jobModel)
      ?.draw(ctx.rng.stream(`requester-${requester}`, 'workload'), request.sizes)
    record.request(now, true)
    const job = startJob(now, request.account, request.offer, request.weight, inputSeed, generation, jobModel)
    if (!job) {
      request.settled(now, { latency: spec.demand?.timeout ?? 0, failed: true, bad: false })
      return
    }
    job.ended = () => {
      if (!job.replicas.every((r) => r.stage.state === 'settled' || r.stage.state === 'dropped')) return
      request.settled(blockNow, outcomeOf(job, blockNow))
    }
  }

  /** Place a job on hosts; undefined when too few eligible hosts are left (an unserved request). */
  const startJob = (
    now: number,
    requester: number,
    offer: number,
    jobWeight: number,
    inputSeed: number,
    generation: Job['generation'],
    jobModel: number,
  ): Job | undefined => {
    const mode = modes[offer]
    if (!mode) throw new BaseError(`job offer ${offer} has no mode handler (${modes.length} offers)`)
    const hosts = ctx.hosting ? ctx.pickHosts(mode.replicas, jobModel) : ctx.pickHosts(mode.replicas)
    if (hosts.length < mode.replicas) {
      // Slashing left too few hosts with the minimum stake: the network cannot serve the request.
      record.unserved(now, requester, hosts.length, mode.replicas)
      return undefined
    }
    const job: Job = {
      id: nextJobId++,
      requester,
      fee: feeOf(offer, requester),
      requestedAt: now,
      offer,
      weight: jobWeight,
      inputSeed,
      model: jobModel,
      ...(generation ? { generation } : {}),
      replicas: [],
    }
    // What the job is worth is the honest generation's cost, whatever its hosts then run.
    const priced = ctx.generationOf(jobModel)
    const generated =
      generation && priced
        ? {
            tokens: generation.outputTokens * jobWeight,
            cost: priced.host(generation, 'honest').cost * jobWeight,
          }
        : undefined
    record.job(mode.replicas, generated, jobWeight, ctx.flopsOf(job))
    let wait = 0
    for (const host of hosts) wait = Math.max(wait, runReplica(now, job, host))
    const hosting = record.tallies.hosting
    if (hosting && wait > 0) {
      hosting.coldJobs++
      hosting.coldWaits.push(wait)
    }
    return job
  }

  return {
    request,
    place,
    async block(now) {
      blockNow = now
      submitOrders()
      const committed = await commitResults(now)
      for (const m of modes) m.beforeMine(now)
      finalizeBatches(now)
      emissions.submit(now)
      record.gas(await ctx.mine(now))
      for (const batch of committed()) {
        batches.set(batch.id, batch)
        for (const replica of batch.replicas) modeOf(replica.job).onCommitted(replica, now)
      }
      adaptHosts()
      ctx.strategies.sample(now)
      record.elapsed(now)
      return inFlight > 0 || modes.some((m) => m.busy()) || batches.size > 0
    },
    jobs: () => nextJobId,
  }
}

/**
 * What a finished job came to for its requester. The job's outcome is its majority's: it has a
 * result when at least one replica became final (replication finalizes only the majority), and
 * the result is bad when most final replicas cheated. Its latency is the time the result was
 * ready, the last final replica's commitment (the requester reads it from the chain then, before
 * the challenge window closes); a job without a final replica failed when its last replica
 * was dropped, slashed or refunded, at `now`.
 */
function outcomeOf(job: Job, now: number): RequestOutcome {
  let finals = 0
  let bad = 0
  let ready = 0
  for (const replica of job.replicas) {
    const { stage } = replica
    if (stage.state !== 'settled' || stage.outcome !== 'final') continue
    finals++
    if (isBad(replica)) bad++
    ready = Math.max(ready, stage.batch.committedAt + (stage.batch.blockLatency ?? 0))
  }
  if (finals === 0) return { latency: now - job.requestedAt, failed: true, bad: false }
  return { latency: ready - job.requestedAt, failed: false, bad: bad * 2 > finals }
}
