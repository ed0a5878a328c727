import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { InputError } from '../sim/errors.ts'
import type { ModelSpec } from '../sim/ports.ts'
import type { RunSpec } from '../sim/runSpec.ts'
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
  if (
    protocol.mode !== 'tee' &&
    protocol.mode !== 'zk' &&
    protocol.mode !== 'none' &&
    protocol.challengeWindow < 1
  ) {
    fail('protocol.challengeWindow', `the ${protocol.mode} mode needs a challenge window of at least 1 s`)
  }
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
    hosts: {
      count: hosts.count,
      stake: hosts.stake,
      speed: hosts.speed,
      shares: { ...hosts.behaviours },
      variant: hosts.variant,
      cheatRate: hosts.cheatRate,
      abandonRate: hosts.abandonRate,
      adaptive: { ...hosts.adaptive },
      hardware: hosts.hardware.map(({ share, ...profile }) => ({ share, profile })),
    },
    verifiers: {
      count: verifiers.count,
      speed: verifiers.speed,
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
    economics: { ...scenario.economics },
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
