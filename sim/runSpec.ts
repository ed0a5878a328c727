import type { ModelSpec } from './ports.ts'

/**
 * One fully resolved run: every default filled in, paths absolute, amounts in tokens. scenarios/
 * produces it and the run loop consumes it; sim/ never reads scenario files itself.
 */
export type RunSpec = {
  name: string
  seed: number
  replicate: number
  /** Seconds of virtual time during which requests arrive. */
  duration: number
  blockTime: number
  model: ModelSpec
  tolerance: number
  hosts: {
    count: number
    stake: number
    speed: number
    shares: { honest: number; lazy: number }
    cheatRate: number
  }
  verifiers: { count: number; speed: number }
  requesters: { count: number; jobRate: number; fee: number }
  protocol: {
    mode: 'none' | 'sampling'
    p: number
    minStake: number
    slashFraction: number
    challengerShare: number
    challengeWindow: number
    unbondingDelay: number
  }
  economics: { costPerFlop: number; gasPrice: number; centralizedPrice: number }
}
