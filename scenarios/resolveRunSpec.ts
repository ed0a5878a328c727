import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { InputError } from '../sim/errors.ts'
import type { RunSpec } from '../sim/runSpec.ts'
import type { Scenario } from './schema.ts'

export type RunOverrides = { seed?: number; replicate?: number }

/** Turn a validated scenario into the run the simulator executes, checking cross-field rules. */
export function resolveRunSpec(
  scenario: Scenario,
  scenarioPath: string,
  overrides: RunOverrides = {},
): RunSpec {
  const { model, hosts } = scenario
  if ('file' in model) {
    const file = resolve(dirname(scenarioPath), model.file)
    if (!existsSync(file)) {
      throw new InputError(`${scenarioPath}: model.file: model file not found: ${file}`, {
        hint: 'paths are relative to the scenario file',
      })
    }
    if (hosts.behaviours.lazy > 0) {
      throw new InputError(
        `${scenarioPath}: hosts.behaviours.lazy: lazy hosts need a built-in model (model.builtin: mlp), because a file model has no cheaper variant yet`,
      )
    }
  } else if (hosts.lazy.skipLayers >= model.depth) {
    throw new InputError(
      `${scenarioPath}: hosts.lazy.skipLayers: ${hosts.lazy.skipLayers} must be less than model.depth (${model.depth})`,
    )
  }
  if (scenario.protocol.minStake > hosts.stake) {
    throw new InputError(
      `${scenarioPath}: protocol.minStake: ${scenario.protocol.minStake} is more than hosts.stake (${hosts.stake}), so no host could commit`,
    )
  }
  return {
    name: scenario.name,
    seed: overrides.seed ?? scenario.seed,
    replicate: overrides.replicate ?? 0,
    duration: scenario.duration,
    blockTime: scenario.blockTime,
    model:
      'file' in model
        ? { kind: 'file', path: resolve(dirname(scenarioPath), model.file) }
        : {
            kind: 'mlp',
            width: model.width,
            depth: model.depth,
            inputSize: model.inputSize,
            outputSize: model.outputSize,
            seed: model.seed,
            lazySkipLayers: hosts.lazy.skipLayers,
          },
    tolerance: scenario.tolerance,
    hosts: {
      count: hosts.count,
      stake: hosts.stake,
      speed: hosts.speed,
      shares: { honest: hosts.behaviours.honest, lazy: hosts.behaviours.lazy },
      cheatRate: hosts.lazy.cheatRate,
    },
    verifiers: { ...scenario.verifiers },
    requesters: { ...scenario.requesters },
    protocol: { ...scenario.protocol },
    economics: { ...scenario.economics },
  }
}
