import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { InputError } from '../sim/errors.ts'
import type { ModelSpec } from '../sim/ports.ts'
import type { RunSpec } from '../sim/runSpec.ts'
import { readCalibration } from './readCalibration.ts'
import type { Scenario } from './schema.ts'

export type RunOverrides = { seed?: number; replicate?: number }

/** Turn a validated scenario into the run the simulator executes, checking cross-field rules. */
export function resolveRunSpec(
  scenario: Scenario,
  scenarioPath: string,
  overrides: RunOverrides = {},
): RunSpec {
  const { hosts, verifiers, protocol } = scenario
  const fail = (field: string, message: string, hint?: string) => {
    throw new InputError(`${scenarioPath}: ${field}: ${message}`, hint ? { hint } : {})
  }
  const model = resolveModel(scenario, scenarioPath, fail)
  const cheaters = hosts.behaviours.lazy + hosts.behaviours.adaptive > 0
  if (cheaters && model.kind === 'file' && (hosts.variant === 'skip' || hosts.variant === 'substitute')) {
    fail(
      'hosts.variant',
      `a file model has no '${hosts.variant}' variant`,
      'use int8 or noise with a model file',
    )
  }
  if (model.kind !== 'file' && cheaters && hosts.variant === 'skip') {
    const depth = model.kind === 'mlp' ? model.depth : model.blocks
    if (model.cheats.skipLayers >= depth) {
      fail(
        'model.cheats.skipLayers',
        `${model.cheats.skipLayers} must be less than the model's ${depth} layers`,
      )
    }
  }
  if (protocol.minStake > hosts.stake) {
    fail(
      'protocol.minStake',
      `${protocol.minStake} is more than hosts.stake (${hosts.stake}), so no host could commit`,
    )
  }
  if (protocol.mode === 'replication' && protocol.k > hosts.count) {
    fail(
      'protocol.k',
      `${protocol.k} is more than hosts.count (${hosts.count})`,
      'each job needs k distinct hosts',
    )
  }
  if (protocol.mode === 'optimistic' && protocol.moveTimeout <= scenario.blockTime) {
    fail(
      'protocol.moveTimeout',
      `${protocol.moveTimeout} s must be longer than blockTime (${scenario.blockTime} s)`,
    )
  }
  // The contract refuses the same (InvalidParams("unbondingDelay")): a host that could unbond
  // within the window plus the longest game (32 moves) and the referee's deadline could leave
  // before its verdict.
  const covered = protocol.challengeWindow + 32 * protocol.moveTimeout + protocol.refereeTimeout
  if (protocol.unbondingDelay < covered) {
    fail(
      'protocol.unbondingDelay',
      `${protocol.unbondingDelay} s is shorter than challengeWindow + 32 × moveTimeout + refereeTimeout (${covered} s)`,
      `raise it to ${covered} or more`,
    )
  }
  if (protocol.mode !== 'none' && protocol.challengeWindow < scenario.blockTime) {
    // Even modeled attestations need one block to dispute a result whose attestation failed.
    fail(
      'protocol.challengeWindow',
      `the ${protocol.mode} mode needs a challenge window of at least one block (${scenario.blockTime} s), got ${protocol.challengeWindow}`,
    )
  }
  const calibrated = resolveCalibrated(
    scenario,
    scenarioPath,
    model.kind === 'transformer' ? 'transformer' : 'mlp',
  )
  const outOfRange = verifiers.coalition.find((h) => h >= hosts.count)
  if (outOfRange !== undefined)
    fail('verifiers.coalition', `host ${outOfRange} does not exist (hosts.count is ${hosts.count})`)

  return {
    name: scenario.name,
    seed: overrides.seed ?? scenario.seed,
    replicate: overrides.replicate ?? 0,
    duration: scenario.duration,
    blockTime: scenario.blockTime,
    model,
    tolerance: scenario.comparison === 'exact' ? 0 : scenario.tolerance,
    inferenceCache: scenario.inferenceCache,
    hosts: {
      count: hosts.count,
      stake: hosts.stake,
      speed: calibrated.speed(hosts.speed),
      shares: { ...hosts.behaviours },
      variant: hosts.variant,
      cheatRate: hosts.cheatRate,
      abandonRate: hosts.abandonRate,
      batchSize: hosts.batchSize,
      maxBatchDelay: hosts.maxBatchDelay,
      adaptive: { ...hosts.adaptive },
      hardware: hosts.hardware.map(({ share, ...profile }) => ({ share, profile })),
    },
    verifiers: {
      count: verifiers.count,
      speed: calibrated.speed(verifiers.speed),
      shares: { ...verifiers.behaviours },
      skipProbability: verifiers.skipProbability,
      fraudPrior: verifiers.fraudPrior,
      coalition: [...verifiers.coalition],
      hardware: { ...verifiers.hardware },
    },
    requesters: { ...scenario.requesters },
    protocol: {
      ...protocol,
      forcedErrors: { ...protocol.forcedErrors },
      tee: { ...protocol.tee },
      zk: { ...protocol.zk },
    },
    economics: {
      costPerFlop: calibrated.costPerFlop,
      gasPrice: scenario.economics.gasPrice,
      centralizedPrice: scenario.economics.centralizedPrice,
      centralizedLatency: scenario.economics.centralizedLatency,
    },
    calibration: calibrated.source,
  }
}

function resolveModel(
  scenario: Scenario,
  scenarioPath: string,
  fail: (field: string, message: string, hint?: string) => never,
): ModelSpec {
  const { model } = scenario
  const cheats = { ...model.cheats }
  if ('file' in model) {
    const path = resolve(dirname(scenarioPath), model.file)
    if (!existsSync(path))
      fail('model.file', `model file not found: ${path}`, 'paths are relative to the scenario file')
    return { kind: 'file', path, cheats }
  }
  if (model.builtin === 'transformer') {
    if (model.dModel % model.heads !== 0) {
      fail('model.heads', `dModel (${model.dModel}) must be a multiple of heads (${model.heads})`)
    }
    const { dModel, heads, blocks, seqLen, ffMult, seed } = model
    return { kind: 'transformer', dModel, heads, blocks, seqLen, ffMult, seed, cheats }
  }
  const { width, depth, inputSize, outputSize, seed } = model
  return { kind: 'mlp', width, depth, inputSize, outputSize, seed, cheats }
}

/**
 * Values given as `calibrated` come from the calibration file of this machine: speeds from its
 * FLOP/s, the cost per FLOP from seconds per FLOP × the price of a core-hour.
 */
function resolveCalibrated(scenario: Scenario, scenarioPath: string, family: 'mlp' | 'transformer') {
  const { economics, hosts, verifiers } = scenario
  const uses = [economics.costPerFlop, hosts.speed, verifiers.speed].includes('calibrated')
  const path = scenario.calibration
    ? resolve(dirname(scenarioPath), scenario.calibration)
    : resolve('calibration.json')
  const file = uses ? readCalibration(path, `${scenarioPath}: calibration`) : undefined
  const measured = file?.families[family]
  const speed = (value: number | 'calibrated') =>
    value === 'calibrated' ? (measured?.flopsPerSecond ?? 0) : value
  const costPerFlop =
    economics.costPerFlop === 'calibrated'
      ? (measured?.secondsPerFlop ?? 0) * (economics.pricePerCoreHour / 3600)
      : economics.costPerFlop
  return {
    speed,
    costPerFlop,
    source: file
      ? { file: path, family, secondsPerFlop: measured?.secondsPerFlop ?? 0 }
      : ('scenario' as const),
  }
}
