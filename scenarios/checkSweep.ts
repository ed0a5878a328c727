import { type ErrorPlace, ScenarioFieldError } from '../errors/index.ts'
import { countSweepRuns } from './countSweepRuns.ts'
import { limits } from './limits.ts'
import { resolveFieldPath } from './resolveFieldPath.ts'
import type { Sweep } from './schema.ts'

/** Where a field is written in the scenario file (or where the value it holds was given). */
export type Locate = (path: readonly (string | number)[], key?: string) => ErrorPlace

/**
 * The rules of a sweep block the schema cannot state, each reported where it is written: every
 * path names a real field (never the sweep itself), zipped lists are equally long, ranges run
 * from min up to max, and the plan holds no more runs than limits.maxRuns, counted before
 * anything is expanded.
 */
export function checkSweep(sweep: Sweep, at: Locate): void {
  const designs = [
    ['grid', ['sweep', 'grid'], sweep.grid],
    ['zip', ['sweep', 'zip'], sweep.zip],
    ['random', ['sweep', 'random', 'ranges'], sweep.random?.ranges],
  ] as const
  for (const [design, section, lists] of designs) {
    if (!lists) continue
    const paths = Object.keys(lists)
    if (paths.length === 0)
      throw new ScenarioFieldError('names no field to vary', { ...at(section), fieldPath: `sweep.${design}` })
    for (const path of paths) {
      const where = at(section, path)
      if (path === 'sweep' || path.startsWith('sweep.'))
        throw new ScenarioFieldError('a sweep cannot vary itself', {
          ...where,
          fieldPath: `sweep.${design}.${path}`,
        })
      resolveFieldPath(path, { ...where, fieldPath: section.join('.') })
    }
  }
  const zipped = Object.entries(sweep.zip ?? {})
  const length = zipped[0]?.[1].length ?? 0
  for (const [path, values] of zipped) {
    if (values.length !== length) {
      throw new ScenarioFieldError(`has ${values.length} values, the first list has ${length}`, {
        ...at(['sweep', 'zip'], path),
        fieldPath: `sweep.zip.${path}`,
        hint: 'zip pairs the lists element by element, so they must be equally long',
      })
    }
  }
  for (const [path, range] of Object.entries(sweep.random?.ranges ?? {})) {
    const { min, max, log } = Array.isArray(range) ? { min: range[0], max: range[1], log: false } : range
    const where = { ...at(['sweep', 'random', 'ranges'], path), fieldPath: `sweep.random.ranges.${path}` }
    if (!(max >= min)) {
      throw new ScenarioFieldError(`max (${max}) is below min (${min})`, {
        ...where,
        hint: Array.isArray(range) ? 'write the range as [min, max]' : 'swap min and max',
      })
    }
    if (log && !(min > 0)) throw new ScenarioFieldError(`a log range needs min > 0, got ${min}`, where)
  }
  const runs = countSweepRuns(sweep)
  if (runs > limits.maxRuns) {
    throw new ScenarioFieldError(
      `plans ${runs.toLocaleString('en')} runs (points × replicates), more than the ${limits.maxRuns.toLocaleString('en')} one plan may hold`,
      {
        ...at(['sweep']),
        fieldPath: 'sweep',
        hint: 'use fewer values or replicates, or a random design with fewer samples',
      },
    )
  }
}
