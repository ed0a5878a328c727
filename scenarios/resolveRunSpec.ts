import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { type ErrorPlace, ScenarioFieldError } from '../errors/index.ts'
import type { ModelSpec, RunSpec } from '../sim/index.ts'
import { checkScenario } from './checkScenario.ts'
import { readCalibration } from './readCalibration.ts'
import { scenarioPlaces } from './scenarioPlaces.ts'
import type { Scenario } from './schema.ts'

export type RunOverrides = { seed?: number; replicate?: number }

/** Turn a validated scenario into the run the simulator executes, checking cross-field rules. */
export function resolveRunSpec(
  scenario: Scenario,
  scenarioPath: string,
  overrides: RunOverrides = {},
): RunSpec {
  const { hosts, verifiers, protocol } = scenario
  // A loaded scenario knows the line of each field; one built in code is named by its path.
  const placeOf = (field: string) =>
    scenarioPlaces.get(scenario)?.(field.split('.')) ?? { file: scenarioPath }
  const fail = (field: string, message: string, hint?: string): never => {
    throw new ScenarioFieldError(message, { ...placeOf(field), fieldPath: field, hint })
  }
  // The loader has checked these with their lines; a scenario built in code gets them here.
  const issue = checkScenario(scenario)
  if (issue) fail(issue.path.join('.'), issue.message, issue.hint)
  const model = resolveModel(scenario, scenarioPath, fail)
  const calibrated = resolveCalibrated(
    scenario,
    scenarioPath,
    model.kind === 'transformer' ? 'transformer' : 'mlp',
    {
      ...placeOf('calibration'),
      fieldPath: 'calibration',
    },
  )
  return {
    name: scenario.name,
    seed: overrides.seed ?? scenario.seed,
    replicate: overrides.replicate ?? 0,
    duration: scenario.duration,
    blockTime: scenario.blockTime,
    model,
    workload: null,
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
      rational: { ...verifiers.rational },
      coalition: [...verifiers.coalition],
      hardware: { ...verifiers.hardware },
    },
    requesters: { ...scenario.requesters, escrow: { ...scenario.requesters.escrow } },
    protocol: {
      ...protocol,
      forcedErrors: { ...protocol.forcedErrors },
      tee: { ...protocol.tee },
      zk: { ...protocol.zk },
      detection: null,
    },
    economics: {
      costPerFlop: calibrated.costPerFlop,
      gasPrice: scenario.economics.gasPrice,
      centralizedPrice: scenario.economics.centralizedPrice,
      centralizedLatency: scenario.economics.centralizedLatency,
      generationCost: null,
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
function resolveCalibrated(
  scenario: Scenario,
  scenarioPath: string,
  family: 'mlp' | 'transformer',
  where: ErrorPlace,
) {
  const { economics, hosts, verifiers } = scenario
  const uses = [economics.costPerFlop, hosts.speed, verifiers.speed].includes('calibrated')
  const path = scenario.calibration
    ? resolve(dirname(scenarioPath), scenario.calibration)
    : resolve('calibration.json')
  const file = uses ? readCalibration(path, where) : undefined
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
