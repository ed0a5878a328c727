import type { Overrides } from '../scenarios/index.ts'
import type { Runner } from './createRunner.ts'
import { evaluatePlan, parseInvariants } from './evaluatePlan.ts'
import { planScenario } from './planScenario.ts'

export type Shrunk = { overrides: Overrides; evaluations: number; detail: string }

/**
 * A smaller scenario that still violates `invariant`: greedily halve hosts, verifiers,
 * requesters, duration and replicates, keeping each reduction while the invariant still fails
 * (or cannot be evaluated). Starts from the failing point's parameters with the sweep removed.
 */
export async function shrinkFailure(
  runner: Runner,
  file: string,
  start: Overrides,
  invariant: string,
  budget = 12,
): Promise<Shrunk> {
  const base = await planScenario(file, { overrides: start })
  const current: Overrides = { ...start }
  let detail = ''
  let evaluations = 0
  const value = (path: string, fallback: number) => (current[path] as number | undefined) ?? fallback
  const s = base.scenario
  const candidates: (() => [string, number] | undefined)[] = [
    () =>
      halve(
        'hosts.count',
        value('hosts.count', s.hosts.count),
        s.protocol.mode === 'replication' ? s.protocol.k : 2,
      ),
    () => halve('verifiers.count', value('verifiers.count', s.verifiers.count), 1),
    () => halve('requesters.count', value('requesters.count', s.requesters.count), 1),
    () => halve('duration', value('duration', s.duration), 2 * s.blockTime),
    () => halve('sweep.replicates', value('sweep.replicates', s.sweep?.replicates ?? 1), 1),
  ]
  let progress = true
  while (progress && evaluations < budget) {
    progress = false
    for (const candidate of candidates) {
      if (evaluations >= budget) break
      const step = candidate()
      if (!step) continue
      const trial = { ...current, [step[0]]: step[1] }
      evaluations++
      const plan = await planScenario(file, { overrides: trial })
      const parsed = parseInvariants(file, plan).filter((i) => i.name === invariant)
      const verdicts = await evaluatePlan(runner, plan, parsed)
      const failing = verdicts.find((v) => v.holds !== true)
      if (failing) {
        Object.assign(current, trial)
        detail = failing.detail
        progress = true
      }
    }
  }
  return { overrides: current, evaluations, detail }
}

function halve(path: string, value: number, floor: number): [string, number] | undefined {
  const next = Math.max(floor, Math.floor(value / 2))
  return next < value ? [path, next] : undefined
}
