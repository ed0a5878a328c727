import type { ModeName, TeeAttestation, ZkAttestation } from '../runSpec.ts'

/** What the modeled curves read from a scenario: its protocol, prices and hosts. */
export type OverheadCurveInput = {
  protocol: {
    p: number
    k: number
    watchProbability: number
    tee: Pick<TeeAttestation, 'overheadFactor' | 'fixedSeconds' | 'fixedCost' | 'gas'>
    zk: Pick<ZkAttestation, 'proving' | 'gas' | 'proofBytes' | 'gasPerByte'>
    /** Deterministic kernels (protocol.exact): re-executing modes' hosts and checks cost this multiple. */
    exact?: { overheadFactor: number }
  }
  economics: { costPerFlop: number; gasPrice: number }
  /** Host FLOP/s: what turns modeled seconds (a TEE's fixed seconds, zk proving) into compute cost. */
  speed: number
  /** Watchers that each check an optimistic result with watchProbability (verifiers.count). */
  watchers: number
  /** Token positions per request: compute is 2 × parameters × tokens FLOPs. */
  tokens: number
  /**
   * Token positions the zk power law proves per request; absent: `tokens`. The run loop proves one
   * position per forward-model request, so a report comparing against such runs passes 1.
   */
  provedTokens?: number
  /** Requests per attested batch, over which an attestation's or proof's gas is spread (default 1). */
  requestsPerBatch?: number
  /** The grid of model sizes, in parameters: log-spaced from `from` to `to`, `perDecade` a decade. */
  grid?: { from: number; to: number; perDecade: number }
}

/** Where the cheapest verifying mode changes: from `parameters` on, `mode` costs least. */
export type Crossover = { parameters: number; mode: ModeName }

export type OverheadCurves = {
  parameters: number[]
  /** Modeled verification overhead (verification cost ÷ useful compute) of each mode at each size. */
  curves: { mode: ModeName; overhead: number[] }[]
  /** The first entry is the cheapest mode at the smallest size; each next one a change. */
  crossovers: Crossover[]
}

const MODES: readonly ModeName[] = ['none', 'sampling', 'replication', 'optimistic', 'tee', 'zk']

/**
 * The MODELED verification overhead of every mode against model size, and the sizes where the
 * cheapest verifying mode changes: the grounded curves of the headline figure. A request of a
 * model of P parameters costs c = 2·P·tokens·costPerFlop; on top of it
 * - sampling re-executes it with probability p, replication k − 1 times, and optimistic
 *   `watchers` × watchProbability times (honest hosts: no dispute, so no dispute gas); with
 *   deterministic kernels (protocol.exact, factor f) the host pays f − 1 more and each re-execution f;
 * - tee pays (overheadFactor − 1)·c, fixedSeconds of host time, fixedCost, and its attestation gas;
 * - zk proves it (flat: (factor − 1)·c; power law: a·P^b seconds per proved position, on top of the
 *   inference) and pays its proof's gas (gas + proofBytes × gasPerByte);
 * with host seconds priced at speed × costPerFlop and gas at gasPrice, as the run loop prices them
 * (sim/modes/attestationSeconds.ts holds the published sources of the TEE and zk defaults). `none`
 * checks nothing (0) and is never the cheapest verifying mode. Crossovers are found on the grid and
 * then bisected on the continuous curves, so they do not depend on the grid's spacing.
 */
export function overheadCurves(input: OverheadCurveInput): OverheadCurves {
  const { from, to, perDecade } = input.grid ?? { from: 1e6, to: 1e12, perDecade: 4 }
  const steps = Math.max(1, Math.round(Math.log10(to / from) * perDecade))
  const parameters = Array.from({ length: steps + 1 }, (_, i) => from * (to / from) ** (i / steps))
  const curves = MODES.map((mode) => ({ mode, overhead: parameters.map((P) => overheadOf(input, mode, P)) }))
  return { parameters, curves, crossovers: crossoversOf(input, parameters) }
}

function overheadOf(input: OverheadCurveInput, mode: ModeName, parameters: number): number {
  const { protocol, economics, speed, tokens } = input
  const flops = 2 * parameters * tokens
  const compute = flops * economics.costPerFlop
  const perSecond = speed * economics.costPerFlop
  const perBatch = input.requestsPerBatch ?? 1
  // Deterministic kernels: the host pays f − 1 more, and every re-execution f times.
  const f = protocol.exact?.overheadFactor ?? 1
  switch (mode) {
    case 'none':
      return f - 1
    case 'sampling':
      return f - 1 + protocol.p * f
    case 'replication':
      return protocol.k * f - 1
    case 'optimistic':
      return f - 1 + input.watchers * protocol.watchProbability * f
    case 'tee': {
      const { overheadFactor, fixedSeconds, fixedCost, gas } = protocol.tee
      const extra =
        (overheadFactor - 1) * compute +
        fixedSeconds * perSecond +
        fixedCost +
        (gas * economics.gasPrice) / perBatch
      return extra / compute
    }
    case 'zk': {
      const { proving, gas, proofBytes, gasPerByte } = protocol.zk
      const proved = input.provedTokens ?? tokens
      const provingCost =
        proving.kind === 'flat'
          ? (proving.factor - 1) * compute
          : proving.a * parameters ** proving.b * proved * perSecond
      return (provingCost + ((gas + proofBytes * gasPerByte) * economics.gasPrice) / perBatch) / compute
    }
  }
}

/** The cheapest verifying mode (not `none`) at `parameters`; ties go to the earlier mode. */
function cheapestAt(input: OverheadCurveInput, parameters: number): ModeName {
  let best: ModeName = 'sampling'
  let least = Number.POSITIVE_INFINITY
  for (const mode of MODES) {
    if (mode === 'none') continue
    const overhead = overheadOf(input, mode, parameters)
    if (overhead < least) {
      least = overhead
      best = mode
    }
  }
  return best
}

function crossoversOf(input: OverheadCurveInput, parameters: readonly number[]): Crossover[] {
  const first = parameters[0] as number
  const found: Crossover[] = [{ parameters: first, mode: cheapestAt(input, first) }]
  for (let i = 1; i < parameters.length; i++) {
    let lo = parameters[i - 1] as number
    let hi = parameters[i] as number
    const before = cheapestAt(input, lo)
    if (cheapestAt(input, hi) === before) continue
    // Bisect in log space down to a relative width of 1e-9: where the cheapest mode changes.
    while (hi / lo > 1 + 1e-9) {
      const mid = Math.sqrt(lo * hi)
      if (cheapestAt(input, mid) === before) lo = mid
      else hi = mid
    }
    found.push({ parameters: hi, mode: cheapestAt(input, hi) })
  }
  return found
}
