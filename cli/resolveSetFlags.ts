import { InputError, ScenarioFieldError } from '../errors/index.ts'
import {
  loadScenario,
  type Overrides,
  resolveFieldPath,
  resolveRunSpec,
  type Scenario,
} from '../scenarios/index.ts'

/**
 * The `--set path=value` overrides of a command, checked against `file` so that every problem
 * names the flag, never a line of the file that does not hold it: an unknown path, a value the
 * field refuses, or (`over`) a path the sweep or the tune search sets itself, which would
 * silently win over the flag. The file's own problems are reported as the file's first.
 */
export function resolveSetFlags(
  file: string,
  set: Overrides,
  over: 'sweep' | 'tune' | 'none' = 'none',
): Overrides {
  const entries = Object.entries(set)
  if (entries.length === 0) return set
  const flag = (path: string) => `--set ${path}=${JSON.stringify(set[path])}`
  // scenarios/ decides what a path may name, for --set as for sweeps: schema fields only.
  for (const [path] of entries) resolveFieldPath(path, flag(path))
  const { scenario } = loadScenario(file)
  // The rules between fields (k <= hosts.count) are checked when a run is resolved. A sweep's
  // base scenario need not be a valid run (its points are), and then only the loader judges.
  let resolves = true
  try {
    resolveRunSpec(scenario, file)
  } catch (error) {
    if (!(error instanceof InputError) || over === 'none') throw error
    resolves = false
  }
  for (const [path] of entries) {
    const axis = ownedAxis(scenario, path, over)
    if (axis)
      throw new ScenarioFieldError(
        `${path} is set by the scenario's ${axis} at every point, so the flag would have no effect`,
        { origin: flag(path), hint: `remove ${path} from ${axis}, or leave out the flag` },
      )
  }
  // The flags are judged together, since one can make another valid (protocol.mode=optimistic
  // needs the moveTimeout another flag sets). Only when they fail together is each tried alone,
  // to name the flag at fault: one that fails alone for the same reason. Otherwise the fault is
  // the combination (a flag that fails alone for another reason is mended by the rest).
  const together = failure(file, set, resolves)
  if (!together) return set
  for (const [path] of entries) {
    const alone = failure(file, { [path]: set[path] }, resolves)
    if (alone && alone.message === together.message) throw blame(alone, flag(path))
  }
  throw blame(together, entries.map(([path]) => flag(path)).join(' '))
}

function failure(file: string, overrides: Overrides, resolve: boolean): InputError | undefined {
  try {
    const { scenario } = loadScenario(file, overrides)
    if (resolve) resolveRunSpec(scenario, file)
    return undefined
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return error
  }
}

/** The field and the problem, not the file's line: the value at fault is the flag's. */
function blame(error: InputError, flag: string): ScenarioFieldError {
  return new ScenarioFieldError(error.reason, {
    origin: flag,
    fieldPath: error.place.fieldPath,
    hint: error.hint,
    cause: error,
  })
}

function ownedAxis(scenario: Scenario, path: string, over: 'sweep' | 'tune' | 'none'): string | undefined {
  if (over === 'sweep') {
    const sweep = scenario.sweep
    for (const design of ['grid', 'zip'] as const)
      if (sweep?.[design] && Object.hasOwn(sweep[design], path)) return `sweep.${design}`
    if (sweep?.random && Object.hasOwn(sweep.random.ranges, path)) return 'sweep.random.ranges'
  }
  if (over === 'tune' && scenario.tune && Object.hasOwn(scenario.tune.params, path)) return 'tune.params'
  return undefined
}
