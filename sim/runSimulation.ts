import { assignBehaviours, type HostBehaviour } from './assignBehaviours.ts'
import { computeMetrics, type HostTally, type Metrics, type Tallies } from './computeMetrics.ts'
import { BaseError } from './errors.ts'
import { createEventQueue } from './eventQueue.ts'
import { pickWeighted } from './pickWeighted.ts'
import type {
  Amount,
  CallReceipt,
  Hex,
  InferencePort,
  InferenceResult,
  LedgerCall,
  LedgerPort,
  ModelInfo,
  VariantName,
} from './ports.ts'
import { bernoulli, createRngStreams, exponential, uint32 } from './rngStreams.ts'
import type { RunSpec } from './runSpec.ts'
import type { TraceEvent } from './traceEvent.ts'
import { fromUnits, toUnits } from './units.ts'
import { createVerificationMode } from './verificationMode.ts'
import { createVirtualClock } from './virtualClock.ts'

export type RunProgress = { time: number; duration: number; jobs: number; blocks: number }

export type SimIO = {
  inference: InferencePort
  ledger: LedgerPort
  /** Receives every trace event in virtual-time order. */
  trace?: (event: TraceEvent) => void
  /** Called after every mined block. */
  progress?: (progress: RunProgress) => void
}

export type GasByCall = Partial<Record<LedgerCall['kind'], { calls: number; gas: number }>>

export type RunResult = {
  metrics: Metrics
  counts: {
    jobs: number
    honest_results: number
    bad_results: number
    detected: number
    undetected: number
    false_slashes: number
    checks: number
    disputes: number
    missed_challenges: number
    dropped_jobs: number
    blocks: number
  }
  gasByCall: GasByCall
  model: { hash: Hex; layers: number; flops: { honest: number; lazy: number | null } }
  /** Virtual seconds from the first request to the last finality. */
  elapsed: number
}

/**
 * The chain's clock is the virtual clock shifted to a fixed epoch; only differences of
 * timestamps matter to the protocol, so the epoch is arbitrary but must not move.
 */
export const CHAIN_EPOCH = 1_700_000_000

// Same-time events run in this order: requests, finished inferences, finished checks, finished
// referee runs, and last the block, which therefore sees everything that finished at its time.
const PRIORITY = { arrival: 1, inferenceDone: 2, checkDone: 3, refereeDone: 4, block: 9 } as const

type Job = {
  id: number
  requester: number
  host: number
  variant: VariantName
  inputSeed: number
  fee: Amount
  requestedAt: number
  result: Promise<InferenceResult>
  digest?: Hex
}

type Batch = {
  id: number
  host: number
  jobs: Job[]
  committedAt: number
  openDisputes: number
  slashed: Set<number>
}

type Dispute = { id: number; batch: Batch; job: Job; verifier: number }

type Payload =
  | { type: 'arrival'; requester: number }
  | { type: 'inferenceDone'; job: Job }
  | {
      type: 'checkDone'
      job: Job
      batch: Batch
      leafIndex: number
      verifier: number
      result: Promise<InferenceResult>
    }
  | { type: 'refereeDone'; dispute: Dispute; result: Promise<InferenceResult> }
  | { type: 'block' }

type HostState = HostTally & { stakeUnits: Amount; busyUntil: number; done: Job[] }

/** Run one scenario replicate end to end: real inference through `inference`, settlement through `ledger`. */
export async function runSimulation(io: SimIO, spec: RunSpec): Promise<RunResult> {
  const { inference, ledger } = io
  const trace = io.trace ?? (() => {})
  const rng = createRngStreams(spec.seed, spec.replicate)
  const mode = createVerificationMode(spec, rng)
  const { protocol, economics } = spec

  const model = await inference.load(spec.model)
  const honestFlops = model.variants.honest.flops
  const flopsOf = (variant: VariantName) => variantFlops(model, variant)

  const behaviours = assignBehaviours(rng, spec.hosts.count, spec.hosts.shares.lazy)
  const hosts: HostState[] = behaviours.map((behaviour: HostBehaviour) => ({
    behaviour,
    stake: spec.hosts.stake,
    stakeUnits: toUnits(spec.hosts.stake),
    computeCost: 0,
    revenue: 0n,
    slashed: 0n,
    busyUntil: 0,
    done: [],
  }))
  const minStake = toUnits(protocol.minStake)
  const fee = toUnits(spec.requesters.fee)
  const escrow: Amount[] = Array(spec.requesters.count).fill(0n)
  const verifierBusy: number[] = Array(spec.verifiers.count).fill(0)
  let refereeBusy = 0

  const tallies: Tallies = {
    results: 0,
    honestResults: 0,
    badResults: 0,
    badFinalized: 0,
    badSlashed: 0,
    honestSlashed: 0,
    usefulFlops: 0,
    verifierFlops: 0,
    refereeFlops: 0,
    verificationGas: 0n,
    protocolGas: 0n,
    finalityLatencies: [],
    hosts,
    elapsed: 0,
  }
  const counts: RunResult['counts'] = {
    jobs: 0,
    honest_results: 0,
    bad_results: 0,
    detected: 0,
    undetected: 0,
    false_slashes: 0,
    checks: 0,
    disputes: 0,
    missed_challenges: 0,
    dropped_jobs: 0,
    blocks: 0,
  }
  const gasByCall: GasByCall = {}

  // --- set-up block: the protocol, its model, the verifiers, the stakes and the first escrow ---
  const expectedJobs = spec.requesters.jobRate * spec.duration
  const firstDeposit = toUnits(spec.requesters.fee * Math.ceil(expectedJobs * 1.2 + 10))
  const funding = toUnits(spec.hosts.stake * 2) + firstDeposit * 4n
  await ledger.setup(
    {
      slashFractionPpm: ppm(protocol.slashFraction),
      challengerSharePpm: ppm(protocol.challengerShare),
      challengeWindow: protocol.challengeWindow,
      unbondingDelay: protocol.unbondingDelay,
      minStake,
    },
    { hosts: spec.hosts.count, verifiers: spec.verifiers.count, requesters: spec.requesters.count },
    funding,
  )
  ledger.submit({ kind: 'registerModel', modelHash: model.hash, flops: honestFlops, layers: model.layers })
  for (let v = 0; v < spec.verifiers.count; v++) ledger.submit({ kind: 'addVerifier', verifier: v })
  for (const [host, h] of hosts.entries()) ledger.submit({ kind: 'stake', host, amount: h.stakeUnits })
  for (let r = 0; r < escrow.length; r++) {
    ledger.submit({ kind: 'deposit', requester: r, amount: firstDeposit })
    escrow[r] = firstDeposit
  }
  const setupBlock = await ledger.mine(CHAIN_EPOCH)
  for (const receipt of setupBlock.receipts) expectOk(receipt, 0)

  // --- the event loop ---
  const queue = createEventQueue<Payload>()
  for (let r = 0; r < spec.requesters.count; r++) {
    const first = exponential(rng.stream(`requester-${r}`, 'arrivals'), spec.requesters.jobRate)
    if (first < spec.duration) queue.push(first, PRIORITY.arrival, { type: 'arrival', requester: r })
  }
  queue.push(spec.blockTime, PRIORITY.block, { type: 'block' })

  let nextJobId = 0
  let inFlight = 0 // jobs requested but not yet final, slashed or dropped
  const batches = new Map<number, Batch>()
  const pendingChallenges: { job: Job; batch: Batch; leafIndex: number; verifier: number; claimed: Hex }[] =
    []
  const pendingResolves: { dispute: Dispute; digest: Hex }[] = []
  let pendingChecks = 0
  let pendingReferee = 0
  const disputes = new Map<number, Dispute>()

  const eligibleWeights = () => hosts.map((h) => (h.stakeUnits >= minStake ? fromUnits(h.stakeUnits) : 0))

  const onArrival = (now: number, requester: number) => {
    const arrivals = rng.stream(`requester-${requester}`, 'arrivals')
    const next = now + exponential(arrivals, spec.requesters.jobRate)
    if (next < spec.duration) queue.push(next, PRIORITY.arrival, { type: 'arrival', requester })

    const host = pickWeighted(eligibleWeights(), rng.stream('network', 'assign')())
    if (host < 0) throw new BaseError('no host has the minimum stake left to serve requests')
    const state = hosts[host] as HostState
    const cheats =
      state.behaviour === 'lazy' && bernoulli(rng.stream(`host-${host}`, 'cheat'), spec.hosts.cheatRate)
    const variant: VariantName = cheats ? 'lazy' : 'honest'
    const inputSeed = uint32(rng.stream(`requester-${requester}`, 'input'))
    const job: Job = {
      id: nextJobId++,
      requester,
      host,
      variant,
      inputSeed,
      fee,
      requestedAt: now,
      result: inference.infer({ modelId: model.id, variant, inputSeed }),
    }
    // Keep a rejected inference from surfacing as an unhandled rejection before the block awaits it.
    job.result.catch(() => {})
    inFlight++
    const flops = flopsOf(variant)
    state.computeCost += flops * economics.costPerFlop
    const start = Math.max(now, state.busyUntil)
    state.busyUntil = start + flops / spec.hosts.speed
    queue.push(state.busyUntil, PRIORITY.inferenceDone, { type: 'inferenceDone', job })
    trace({ t: now, type: 'job', job: job.id, requester, host, variant })
  }

  const startCheck = (now: number, job: Job, batch: Batch, leafIndex: number, verifier: number) => {
    counts.checks++
    pendingChecks++
    tallies.verifierFlops += honestFlops
    const start = Math.max(now, verifierBusy[verifier] as number)
    verifierBusy[verifier] = start + honestFlops / spec.verifiers.speed
    const result = inference.infer({ modelId: model.id, variant: 'honest', inputSeed: job.inputSeed })
    result.catch(() => {})
    queue.push(verifierBusy[verifier] as number, PRIORITY.checkDone, {
      type: 'checkDone',
      job,
      batch,
      leafIndex,
      verifier,
      result,
    })
  }

  const finish = (job: Job) => {
    inFlight--
    tallies.results++
    tallies.usefulFlops += honestFlops
    if (job.variant === 'honest') tallies.honestResults++
    else tallies.badResults++
  }

  const onBlock = async (now: number) => {
    // Calls go into the block in a fixed order: top-ups, commitments, challenges, resolutions,
    // payouts. `after` runs on each call's receipt once the block is mined.
    const after: ((receipt: CallReceipt) => void)[] = []
    const submit = (call: LedgerCall, then: (receipt: CallReceipt) => void) => {
      ledger.submit(call)
      after.push(then)
    }

    const commits: { host: number; jobs: Job[] }[] = []
    const needed: Amount[] = Array(escrow.length).fill(0n)
    for (let h = 0; h < hosts.length; h++) {
      const state = hosts[h] as HostState
      if (state.done.length === 0) continue
      const jobs = state.done
      state.done = []
      if (state.stakeUnits < minStake) {
        for (const job of jobs) {
          counts.dropped_jobs++
          inFlight--
          trace({ t: now, type: 'dropped', job: job.id, host: h, reason: 'stake below minStake' })
        }
        continue
      }
      for (const job of jobs) {
        job.digest = (await job.result).resultDigest
        needed[job.requester] = (needed[job.requester] as Amount) + job.fee
      }
      commits.push({ host: h, jobs })
    }
    for (const [requester, need] of needed.entries()) {
      if ((escrow[requester] as Amount) >= need) continue
      const amount = firstDeposit > need ? firstDeposit : need * 2n
      escrow[requester] = (escrow[requester] as Amount) + amount
      submit({ kind: 'deposit', requester, amount }, (r) => expectOk(r, now))
    }
    for (const { host, jobs } of commits) {
      for (const job of jobs) escrow[job.requester] = (escrow[job.requester] as Amount) - job.fee
      const leaves = jobs.map((j) => ({
        jobId: j.id,
        requester: j.requester,
        fee: j.fee,
        resultDigest: j.digest as Hex,
      }))
      submit({ kind: 'commit', host, modelHash: model.hash, leaves }, (receipt) => {
        expectOk(receipt, now)
        const event = receipt.events.find((e) => e.kind === 'Committed')
        if (!event) throw new BaseError(`commit receipt of host ${host} has no Committed event`)
        const batch: Batch = {
          id: event.batchId,
          host,
          jobs,
          committedAt: now,
          openDisputes: 0,
          slashed: new Set(),
        }
        batches.set(batch.id, batch)
        trace({
          t: now,
          type: 'commit',
          batch: batch.id,
          host,
          jobs: jobs.length,
          gas: Number(receipt.gasUsed),
        })
        jobs.forEach((job, leafIndex) => {
          const verifier = mode.checker(job.id)
          if (verifier !== null) startCheck(now, job, batch, leafIndex, verifier)
        })
      })
    }

    // The contract accepts challenges strictly before the deadline and finalizes from it on.
    const deadlineOf = (batch: Batch) => batch.committedAt + protocol.challengeWindow
    for (const c of pendingChallenges.splice(0)) {
      if (now >= deadlineOf(c.batch)) {
        // The verifier finished after the window closed: the fault can no longer be proven.
        counts.missed_challenges++
        trace({
          t: now,
          type: 'missed',
          job: c.job.id,
          verifier: c.verifier,
          reason: 'challenge window closed',
        })
        continue
      }
      c.batch.openDisputes++
      submit(
        {
          kind: 'challenge',
          verifier: c.verifier,
          batchId: c.batch.id,
          leafIndex: c.leafIndex,
          claimedDigest: c.claimed,
        },
        (receipt) => {
          expectOk(receipt, now)
          tallies.verificationGas += receipt.gasUsed
          const event = receipt.events.find((e) => e.kind === 'DisputeOpened')
          if (!event) throw new BaseError(`challenge of job ${c.job.id} opened no dispute`)
          const dispute: Dispute = { id: event.disputeId, batch: c.batch, job: c.job, verifier: c.verifier }
          disputes.set(dispute.id, dispute)
          counts.disputes++
          trace({
            t: now,
            type: 'challenge',
            dispute: dispute.id,
            batch: c.batch.id,
            job: c.job.id,
            verifier: c.verifier,
            gas: Number(receipt.gasUsed),
          })
          // The referee re-executes the disputed result honestly; its verdict joins at the time
          // its (virtual) compute would take.
          pendingReferee++
          tallies.refereeFlops += honestFlops
          refereeBusy = Math.max(now, refereeBusy) + honestFlops / spec.verifiers.speed
          const result = inference.infer({ modelId: model.id, variant: 'honest', inputSeed: c.job.inputSeed })
          result.catch(() => {})
          queue.push(refereeBusy, PRIORITY.refereeDone, { type: 'refereeDone', dispute, result })
        },
      )
    }

    for (const { dispute, digest } of pendingResolves.splice(0)) {
      submit({ kind: 'resolve', disputeId: dispute.id, refereeDigest: digest }, (receipt) => {
        expectOk(receipt, now)
        tallies.verificationGas += receipt.gasUsed
        dispute.batch.openDisputes--
        disputes.delete(dispute.id)
        const slash = receipt.events.find((e) => e.kind === 'Slashed')
        const { job } = dispute
        if (!slash) {
          trace({ t: now, type: 'rejected', dispute: dispute.id, job: job.id })
          return
        }
        const host = hosts[slash.host] as HostState
        host.stakeUnits -= slash.amount
        host.slashed += slash.amount
        dispute.batch.slashed.add(job.id)
        escrow[job.requester] = (escrow[job.requester] as Amount) + slash.refunded
        const honest = job.variant === 'honest'
        if (honest) {
          tallies.honestSlashed++
          counts.false_slashes++
        } else {
          tallies.badSlashed++
          counts.detected++
        }
        finish(job)
        trace({
          t: now,
          type: 'slash',
          dispute: dispute.id,
          host: slash.host,
          job: job.id,
          amount: fromUnits(slash.amount),
          honest,
        })
      })
    }

    for (const batch of batches.values()) {
      if (now < deadlineOf(batch) || batch.openDisputes > 0) continue
      batches.delete(batch.id)
      submit({ kind: 'finalize', batchId: batch.id }, (receipt) => {
        expectOk(receipt, now)
        const event = receipt.events.find((e) => e.kind === 'Finalized')
        const paid = event?.kind === 'Finalized' ? event.paid : 0n
        const host = hosts[batch.host] as HostState
        host.revenue += paid
        for (const job of batch.jobs) {
          if (batch.slashed.has(job.id)) continue
          finish(job)
          tallies.finalityLatencies.push(now - job.requestedAt)
          if (job.variant === 'lazy') tallies.badFinalized++
        }
        trace({ t: now, type: 'payout', batch: batch.id, host: batch.host, amount: fromUnits(paid) })
      })
    }

    const block = await ledger.mine(CHAIN_EPOCH + now)
    counts.blocks++
    let blockGas = 0n
    block.receipts.forEach((receipt, i) => {
      blockGas += receipt.gasUsed
      const entry = gasByCall[receipt.call.kind] ?? { calls: 0, gas: 0 }
      gasByCall[receipt.call.kind] = entry
      entry.calls++
      entry.gas += Number(receipt.gasUsed)
      ;(after[i] as (r: CallReceipt) => void)(receipt)
    })
    tallies.protocolGas += blockGas
    trace({
      t: now,
      type: 'block',
      number: block.number,
      calls: block.receipts.length,
      gas: Number(blockGas),
    })

    const busy = inFlight > 0 || pendingChecks > 0 || pendingReferee > 0 || pendingChallenges.length > 0
    const more = now < spec.duration || busy || pendingResolves.length > 0 || batches.size > 0
    if (more) queue.push(now + spec.blockTime, PRIORITY.block, { type: 'block' })
    tallies.elapsed = now
    io.progress?.({ time: now, duration: spec.duration, jobs: nextJobId, blocks: counts.blocks })
  }

  const clock = createVirtualClock()
  for (let event = queue.pop(); event; event = queue.pop()) {
    clock.advanceTo(event.time)
    const now = clock.now
    const payload = event.payload
    switch (payload.type) {
      case 'arrival':
        onArrival(now, payload.requester)
        break
      case 'inferenceDone':
        ;(hosts[payload.job.host] as HostState).done.push(payload.job)
        break
      case 'checkDone': {
        pendingChecks--
        const { job, verifier } = payload
        const expected = (await payload.result).resultDigest
        const match = expected === job.digest
        trace({ t: now, type: 'check', job: job.id, verifier, match })
        if (!match) pendingChallenges.push({ ...payload, claimed: expected })
        break
      }
      case 'refereeDone':
        pendingReferee--
        pendingResolves.push({ dispute: payload.dispute, digest: (await payload.result).resultDigest })
        break
      case 'block':
        await onBlock(now)
        break
    }
  }

  counts.jobs = tallies.results
  counts.honest_results = tallies.honestResults
  counts.bad_results = tallies.badResults
  counts.undetected = tallies.badFinalized
  return {
    metrics: computeMetrics(tallies, economics),
    counts,
    gasByCall,
    model: {
      hash: model.hash,
      layers: model.layers,
      flops: { honest: honestFlops, lazy: model.variants.lazy?.flops ?? null },
    },
    elapsed: tallies.elapsed,
  }
}

function variantFlops(model: ModelInfo, variant: VariantName): number {
  const info = model.variants[variant]
  if (!info) throw new BaseError(`the model has no ${variant} variant`)
  return info.flops
}

function ppm(fraction: number): number {
  return Math.round(fraction * 1_000_000)
}

function expectOk(receipt: CallReceipt, now: number): void {
  if (!receipt.ok) {
    throw new BaseError(
      `the chain rejected a ${receipt.call.kind} call at t=${now}s: ${receipt.error ?? 'reverted'}`,
    )
  }
}
