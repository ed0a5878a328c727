import { describe, expect, it } from 'vitest'
import { loadScenario, resolveRunSpec } from '../scenarios/index.ts'
import { availableMetrics } from '../sim/availableMetrics.ts'
import { METRIC_NAMES } from '../sim/computeMetrics.ts'
import { explainMissingMetric } from './explainMissingMetric.ts'

const spec = (overrides: Record<string, unknown>) =>
  resolveRunSpec(loadScenario('scenarios/quickstart.yaml', overrides).scenario, 'scenarios/quickstart.yaml')

describe('explainMissingMetric', () => {
  it('blames a missing kind of host, not the mode', () => {
    const honestOnly = spec({ 'hosts.behaviours': { honest: 1 } })
    expect(explainMissingMetric('cheater_return', honestOnly)?.reason).toMatch(/no cheating hosts/)
    expect(explainMissingMetric('detection_rate', honestOnly)?.hint).toMatch(/lazy: 0\.5/)
    const cheatersOnly = spec({ 'hosts.behaviours': { lazy: 1 } })
    expect(explainMissingMetric('honest_return', cheatersOnly)?.reason).toMatch(/no honest hosts/)
    const unverified = spec({ 'hosts.behaviours': { honest: 0.5, lazy: 0.5 }, 'protocol.mode': 'none' })
    expect(explainMissingMetric('time_to_detection_p50', unverified)?.reason).toMatch(/mode none/)
  })

  it('explains every metric availableMetrics leaves out, and nothing it keeps', () => {
    for (const behaviours of [{ honest: 1 }, { lazy: 1 }, { honest: 0.5, adaptive: 0.5 }]) {
      for (const mode of ['none', 'sampling']) {
        const s = spec({ 'hosts.behaviours': behaviours, 'protocol.mode': mode })
        const available = availableMetrics(s)
        for (const metric of METRIC_NAMES)
          expect(explainMissingMetric(metric, s) === undefined, `${metric} ${mode}`).toBe(
            available.has(metric),
          )
      }
    }
  })
})
